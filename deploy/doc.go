// Package deploy holds no code: its tests check the deployment files beside
// them by loading them as the tools that run them would. The kustomize base
// and overlays render and decode strictly into the Kubernetes API types
// (k8s_test.go); compose.yaml loads with the Compose Specification's loader
// and nginx accepts nginx.conf (compose_test.go); the Dockerfile builds with
// scripts/build.sh, the script `make build` runs, into a non-root image
// (dockerfile_test.go). This is a Go module of its own, so that the backend
// never carries the Kubernetes and Compose libraries.
package deploy
