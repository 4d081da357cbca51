# Entry points for developers and CI. The scripts hold the logic; this file
# only names it. `make` alone lists the targets.

# Go lives in /usr/local/go/bin on our machines, which is not always on PATH.
export PATH := $(PATH):/usr/local/go/bin

GO ?= go

.DEFAULT_GOAL := help
.PHONY: help test build run services bench clean

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  make %-13s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

test: ## Run all tests against throwaway PostgreSQL and S3 (VERBOSE=1, GOTESTFLAGS='-run X')
	bash scripts/test.sh

cluster-test: ## Two servers behind nginx on PostgreSQL (+ read replica) and S3: kill, failover, rolling restart
	bash scripts/cluster-test.sh

build: ## Build bin/cms (static) and admin-ui/dist as the Docker image does (scripts/build.sh)
	bash scripts/build.sh

run: ## Run the CMS locally (scripts/run.sh)
	bash scripts/run.sh

services: ## Start throwaway PostgreSQL and S3 in the foreground; Ctrl-C stops them
	bash scripts/dev-services.sh

bench: ## Seed 100,000 articles in a throwaway PostgreSQL and measure the backend (BENCH_ARTICLES=N); writes docs/benchmarks.md
	bash scripts/bench.sh

clean: ## Remove build output and cached tools (bin/, .cache/); keeps data/
	rm -rf bin .cache
