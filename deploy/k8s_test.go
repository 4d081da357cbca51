package deploy

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// newObject returns an empty value of the Kubernetes API type of each kind
// the manifests may render; any other kind fails the test.
var newObject = map[string]func() any{
	"v1/Namespace":                           func() any { return &corev1.Namespace{} },
	"v1/ServiceAccount":                      func() any { return &corev1.ServiceAccount{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"networking.k8s.io/v1/Ingress":           func() any { return &networkingv1.Ingress{} },
	"networking.k8s.io/v1/NetworkPolicy":     func() any { return &networkingv1.NetworkPolicy{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
}

// manifests is what one kustomization renders, decoded into the API types.
type manifests struct {
	namespaces []*corev1.Namespace
	accounts   []*corev1.ServiceAccount
	configMaps []*corev1.ConfigMap
	services   []*corev1.Service
	deploys    []*appsv1.Deployment
	jobs       []*batchv1.Job
	ingresses  []*networkingv1.Ingress
	policies   []*networkingv1.NetworkPolicy
	pdbs       []*policyv1.PodDisruptionBudget
	hpas       []*autoscalingv2.HorizontalPodAutoscaler
	// namespaced are the metadata of every object but Namespaces.
	namespaced []*metav1.ObjectMeta
}

// render runs kustomize on dir as `kustomize build dir` does and decodes
// every object strictly: a field the API type does not have (a typo, a
// field at the wrong level) fails the test, as the API server would refuse
// it.
func render(t *testing.T, dir string) *manifests {
	t.Helper()
	resMap, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	m := &manifests{}
	for _, r := range resMap.Resources() {
		doc, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		gvk := r.GetApiVersion() + "/" + r.GetKind()
		mk, ok := newObject[gvk]
		if !ok {
			t.Errorf("%s: %s %s is not a kind these tests know; add its API type to newObject", dir, gvk, r.GetName())
			continue
		}
		obj := mk()
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			t.Errorf("%s: %s %s does not decode strictly into its API type: %v\n%s", dir, gvk, r.GetName(), err, doc)
			continue
		}
		switch o := obj.(type) {
		case *corev1.Namespace:
			m.namespaces = append(m.namespaces, o)
			continue
		case *corev1.ServiceAccount:
			m.accounts = append(m.accounts, o)
		case *corev1.ConfigMap:
			m.configMaps = append(m.configMaps, o)
		case *corev1.Service:
			m.services = append(m.services, o)
		case *appsv1.Deployment:
			m.deploys = append(m.deploys, o)
		case *batchv1.Job:
			m.jobs = append(m.jobs, o)
		case *networkingv1.Ingress:
			m.ingresses = append(m.ingresses, o)
		case *networkingv1.NetworkPolicy:
			m.policies = append(m.policies, o)
		case *policyv1.PodDisruptionBudget:
			m.pdbs = append(m.pdbs, o)
		case *autoscalingv2.HorizontalPodAutoscaler:
			m.hpas = append(m.hpas, o)
		}
		m.namespaced = append(m.namespaced, &metav1.ObjectMeta{Name: r.GetKind() + "/" + r.GetName(), Namespace: r.GetNamespace()})
	}
	if t.Failed() {
		t.FailNow()
	}
	return m
}

// one returns the only element of s, failing the test otherwise.
func one[T any](t *testing.T, what string, s []T) T {
	t.Helper()
	if len(s) != 1 {
		t.Fatalf("%s: got %d, want exactly one", what, len(s))
	}
	return s[0]
}

// TestStrictDecodingRefusesUnknownFields shows the decoding the other
// tests rely on does catch a misplaced field.
func TestStrictDecodingRefusesUnknownFields(t *testing.T) {
	doc := []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n")
	if err := yaml.UnmarshalStrict(doc, &appsv1.Deployment{}); err == nil || !strings.Contains(err.Error(), "replica") {
		t.Errorf("a Deployment with spec.replica: got %v, want an unknown field error", err)
	}
}

func TestKustomizeBase(t *testing.T) {
	m := render(t, "k8s/base")
	checkManifests(t, m)
	d := one(t, "Deployments", m.deploys)
	if got := d.Spec.Template.Spec.Containers[0].Image; got != "newsroom-cms" {
		t.Errorf("base image: got %q, want the placeholder newsroom-cms that overlays replace", got)
	}
}

func TestKustomizeExampleOverlay(t *testing.T) {
	m := render(t, "k8s/overlays/example")
	checkManifests(t, m)
	const image = "registry.example.com/newsroom/cms:1.0.0"
	d := one(t, "Deployments", m.deploys)
	j := one(t, "Jobs", m.jobs)
	if got := d.Spec.Template.Spec.Containers[0].Image; got != image {
		t.Errorf("Deployment image: got %q, want %q", got, image)
	}
	if got := j.Spec.Template.Spec.Containers[0].Image; got != image {
		t.Errorf("migration Job image: got %q, want %q (the same build as the Deployment)", got, image)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 3 {
		t.Errorf("replicas: got %v, want 3", d.Spec.Replicas)
	}
	if h := one(t, "HPAs", m.hpas); h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < *d.Spec.Replicas {
		t.Errorf("HPA minReplicas %v is below the Deployment's %d replicas", h.Spec.MinReplicas, *d.Spec.Replicas)
	}
	ing := one(t, "Ingresses", m.ingresses)
	if host := ing.Spec.Rules[0].Host; host != "cms.news.example.org" || !slices.Contains(ing.Spec.TLS[0].Hosts, host) {
		t.Errorf("Ingress host: got rule %q, TLS %v; want cms.news.example.org in both", host, ing.Spec.TLS[0].Hosts)
	}
	ns := one(t, "Namespaces", m.namespaces)
	if ns.Name != "newsroom" || ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("Namespace: got %q %v, want newsroom enforcing the restricted pod security profile", ns.Name, ns.Labels)
	}
	for _, meta := range m.namespaced {
		if meta.Namespace != "newsroom" {
			t.Errorf("%s: namespace %q, want newsroom", meta.Name, meta.Namespace)
		}
	}
	cm := one(t, "ConfigMaps", m.configMaps)
	if cm.Data["CMS_SITE_URL"] != "https://news.example.org" || cm.Data["CMS_STORAGE"] != "s3" {
		t.Errorf("ConfigMap: the overlay's settings did not merge into the base's: %v", cm.Data)
	}
}

// secretSettings must come from a Secret, never a literal or a ConfigMap.
var secretSettings = []string{"CMS_DATABASE_URL", "CMS_S3_ACCESS_KEY", "CMS_S3_SECRET_KEY", "CMS_BOOTSTRAP_ADMIN_EMAIL", "CMS_BOOTSTRAP_ADMIN_PASSWORD"}

// checkManifests checks what any rendering of the manifests must hold.
func checkManifests(t *testing.T, m *manifests) {
	t.Helper()
	d := one(t, "Deployments", m.deploys)
	job := one(t, "Jobs", m.jobs)
	svc := one(t, "Services", m.services)
	cm := one(t, "ConfigMaps", m.configMaps)
	sa := one(t, "ServiceAccounts", m.accounts)
	pods := labels.Set(d.Spec.Template.Labels)

	// The Deployment: probes, the server command, security, resources.
	if sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector); err != nil || !sel.Matches(pods) {
		t.Errorf("Deployment selector %v does not match its pods' labels %v", d.Spec.Selector, pods)
	}
	c := one(t, "Deployment containers", d.Spec.Template.Spec.Containers)
	if !slices.Equal(c.Args, []string{"serve"}) || len(c.Command) != 0 {
		t.Errorf("Deployment container: command %v args %v, want the image's entrypoint with args [serve]", c.Command, c.Args)
	}
	port := c.Ports[0]
	if port.Name != "http" || port.ContainerPort != 8080 {
		t.Errorf("container port: got %s %d, want http 8080 (CMS_HTTP_ADDR :8080)", port.Name, port.ContainerPort)
	}
	for _, p := range []struct {
		name  string
		probe *corev1.Probe
		path  string
	}{{"readiness", c.ReadinessProbe, "/readyz"}, {"liveness", c.LivenessProbe, "/healthz"}, {"startup", c.StartupProbe, "/healthz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("%s probe: missing, want GET %s", p.name, p.path)
			continue
		}
		if p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port.String() != "http" {
			t.Errorf("%s probe: got %s on %s, want %s on http", p.name, p.probe.HTTPGet.Path, p.probe.HTTPGet.Port.String(), p.path)
		}
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, lim := c.Resources.Requests[res], c.Resources.Limits[res]
		if req.IsZero() || lim.IsZero() || req.Cmp(lim) > 0 {
			t.Errorf("%s: request %s, limit %s; want both, the request no more than the limit", res, req.String(), lim.String())
		}
	}
	if d.Spec.Strategy.RollingUpdate == nil || d.Spec.Strategy.RollingUpdate.MaxUnavailable.IntValue() != 0 {
		t.Errorf("rolling update: got %+v, want maxUnavailable 0 (no capacity lost during a rollout)", d.Spec.Strategy.RollingUpdate)
	}
	// The grace period must outlast the drain and the in-flight timeout, or
	// the kubelet kills requests the server was finishing.
	drain, timeout := duration(t, cm.Data["CMS_SHUTDOWN_DRAIN"]), duration(t, cm.Data["CMS_SHUTDOWN_TIMEOUT"])
	if g := d.Spec.Template.Spec.TerminationGracePeriodSeconds; g == nil || time.Duration(*g)*time.Second <= drain+timeout {
		t.Errorf("terminationGracePeriodSeconds %v is not above CMS_SHUTDOWN_DRAIN %s + CMS_SHUTDOWN_TIMEOUT %s", g, drain, timeout)
	}
	if !slices.ContainsFunc(c.EnvFrom, func(e corev1.EnvFromSource) bool { return e.ConfigMapRef != nil && e.ConfigMapRef.Name == cm.Name }) {
		t.Errorf("Deployment: envFrom %v does not load the ConfigMap %s", c.EnvFrom, cm.Name)
	}
	checkPodSecurity(t, "Deployment", d.Spec.Template.Spec)
	checkSecretEnv(t, "Deployment", c.Env, secretSettings)
	if d.Spec.Template.Spec.ServiceAccountName != sa.Name || sa.AutomountServiceAccountToken == nil || *sa.AutomountServiceAccountToken {
		t.Errorf("ServiceAccount: the pods use %q, want %q without a mounted API token", d.Spec.Template.Spec.ServiceAccountName, sa.Name)
	}

	// The migration Job runs `cms migrate` with the same image, once.
	jc := one(t, "Job containers", job.Spec.Template.Spec.Containers)
	if !slices.Equal(jc.Args, []string{"migrate"}) || len(jc.Command) != 0 {
		t.Errorf("migration Job: command %v args %v, want args [migrate]", jc.Command, jc.Args)
	}
	if jc.Image != c.Image {
		t.Errorf("migration Job image %q differs from the Deployment's %q", jc.Image, c.Image)
	}
	if job.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyNever || job.Spec.BackoffLimit == nil {
		t.Errorf("migration Job: restartPolicy %q backoffLimit %v, want Never and a limit", job.Spec.Template.Spec.RestartPolicy, job.Spec.BackoffLimit)
	}
	checkPodSecurity(t, "migration Job", job.Spec.Template.Spec)
	checkSecretEnv(t, "migration Job", jc.Env, []string{"CMS_DATABASE_URL"})
	if labels.SelectorFromSet(d.Spec.Selector.MatchLabels).Matches(labels.Set(job.Spec.Template.Labels)) {
		t.Errorf("the Job's pods %v match the Deployment's selector: the Service would send them traffic", job.Spec.Template.Labels)
	}

	// Settings: every ConfigMap key is a documented setting, none secret,
	// and the replicas do not migrate (the Job does).
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for key := range cm.Data {
		if !strings.Contains(string(readme), key) {
			t.Errorf("ConfigMap key %s is not a setting the README lists", key)
		}
		if slices.Contains(secretSettings, key) {
			t.Errorf("ConfigMap holds %s, which must come from the Secret", key)
		}
	}
	if cm.Data["CMS_AUTO_MIGRATE"] != "false" {
		t.Errorf("CMS_AUTO_MIGRATE: got %q, want false (the migration Job migrates)", cm.Data["CMS_AUTO_MIGRATE"])
	}

	// The Service and the Ingress reach the pods by name.
	if !labels.SelectorFromSet(svc.Spec.Selector).Matches(pods) || len(svc.Spec.Selector) == 0 {
		t.Errorf("Service selector %v does not match the pods %v", svc.Spec.Selector, pods)
	}
	if tp := svc.Spec.Ports[0].TargetPort.String(); tp != port.Name {
		t.Errorf("Service targetPort %q, want the container port %q", tp, port.Name)
	}
	ing := one(t, "Ingresses", m.ingresses)
	var paths []string
	for _, rule := range ing.Spec.Rules {
		if rule.Host == "" {
			t.Errorf("Ingress rule without a host")
		}
		for _, p := range rule.HTTP.Paths {
			paths = append(paths, p.Path)
			if b := p.Backend.Service; b == nil || b.Name != svc.Name || b.Port.Name != svc.Spec.Ports[0].Name {
				t.Errorf("Ingress path %s goes to %+v, want Service %s port %s", p.Path, b, svc.Name, svc.Spec.Ports[0].Name)
			}
		}
	}
	for _, want := range []string{"/api", "/admin", "/media"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Ingress paths %v: no %s", paths, want)
		}
	}
	for _, p := range paths {
		if p == "/" || strings.HasPrefix(p, "/metrics") || strings.HasPrefix(p, "/readyz") {
			t.Errorf("Ingress exposes %s; metrics and probes stay inside the cluster", p)
		}
	}

	// Availability: the PDB and the HPA are about the Deployment's pods.
	pdb := one(t, "PodDisruptionBudgets", m.pdbs)
	if sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector); err != nil || sel.Empty() || !sel.Matches(pods) {
		t.Errorf("PDB selector %v does not match the Deployment's pods %v", pdb.Spec.Selector, pods)
	}
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() < 1 || int32(pdb.Spec.MinAvailable.IntValue()) >= *d.Spec.Replicas {
		t.Errorf("PDB minAvailable %v: want at least 1 and fewer than the %d replicas, so a node can drain", pdb.Spec.MinAvailable, *d.Spec.Replicas)
	}
	hpa := one(t, "HPAs", m.hpas)
	ref := hpa.Spec.ScaleTargetRef
	if ref.APIVersion != "apps/v1" || ref.Kind != "Deployment" || ref.Name != d.Name {
		t.Errorf("HPA targets %+v, want apps/v1 Deployment %s", ref, d.Name)
	}
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.MaxReplicas <= *hpa.Spec.MinReplicas {
		t.Errorf("HPA replicas: min %v max %d, want min >= 2 and max above it", hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas)
	}
	if len(hpa.Spec.Metrics) == 0 || hpa.Spec.Metrics[0].Resource == nil || hpa.Spec.Metrics[0].Resource.Name != corev1.ResourceCPU {
		t.Errorf("HPA metrics %+v: want CPU utilisation (the pods request CPU for it)", hpa.Spec.Metrics)
	}

	// The NetworkPolicy covers the server and the Job, both directions.
	np := one(t, "NetworkPolicies", m.policies)
	sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
	if err != nil || sel.Empty() || !sel.Matches(pods) || !sel.Matches(labels.Set(job.Spec.Template.Labels)) {
		t.Errorf("NetworkPolicy podSelector %v must select the server pods %v and the Job's %v", np.Spec.PodSelector, pods, job.Spec.Template.Labels)
	}
	if !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) || !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
		t.Errorf("NetworkPolicy policyTypes %v, want Ingress and Egress", np.Spec.PolicyTypes)
	}
	for _, rule := range np.Spec.Ingress {
		if len(rule.From) == 0 {
			t.Errorf("NetworkPolicy ingress rule %+v allows everyone", rule)
		}
		for _, p := range rule.Ports {
			if p.Port == nil || p.Port.IntValue() != int(port.ContainerPort) {
				t.Errorf("NetworkPolicy ingress port %v, want the HTTP port %d", p.Port, port.ContainerPort)
			}
		}
	}
	egress := map[string]bool{}
	for _, rule := range np.Spec.Egress {
		for _, p := range rule.Ports {
			egress[string(*p.Protocol)+"/"+p.Port.String()] = true
		}
	}
	for _, want := range []string{"UDP/53", "TCP/53", "TCP/5432", "TCP/443"} {
		if !egress[want] {
			t.Errorf("NetworkPolicy egress %v: no %s", egress, want)
		}
	}
}

// checkPodSecurity checks a pod runs as non-root on a read-only root file
// system with no capabilities and the runtime's seccomp profile: the
// "restricted" Pod Security Standard.
func checkPodSecurity(t *testing.T, what string, spec corev1.PodSpec) {
	t.Helper()
	ps := spec.SecurityContext
	if ps == nil || ps.RunAsNonRoot == nil || !*ps.RunAsNonRoot || ps.RunAsUser == nil || *ps.RunAsUser == 0 {
		t.Errorf("%s: pod securityContext %+v, want runAsNonRoot and a non-zero runAsUser", what, ps)
	}
	if ps == nil || ps.SeccompProfile == nil || ps.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Errorf("%s: want seccompProfile RuntimeDefault", what)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		t.Errorf("%s: automountServiceAccountToken must be false", what)
	}
	for _, c := range spec.Containers {
		sc := c.SecurityContext
		switch {
		case sc == nil:
			t.Errorf("%s container %s: no securityContext", what, c.Name)
		case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
			t.Errorf("%s container %s: want readOnlyRootFilesystem", what, c.Name)
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			t.Errorf("%s container %s: want allowPrivilegeEscalation false", what, c.Name)
		case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0:
			t.Errorf("%s container %s: capabilities %+v, want drop [ALL] and none added", what, c.Name, sc.Capabilities)
		case sc.Privileged != nil && *sc.Privileged:
			t.Errorf("%s container %s: privileged", what, c.Name)
		}
		if c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s container %s: no memory limit", what, c.Name)
		}
	}
}

// checkSecretEnv checks each of names is set from a Secret key, and that no
// secret setting is a literal value.
func checkSecretEnv(t *testing.T, what string, env []corev1.EnvVar, names []string) {
	t.Helper()
	byName := map[string]corev1.EnvVar{}
	for _, e := range env {
		byName[e.Name] = e
		if slices.Contains(secretSettings, e.Name) && e.Value != "" {
			t.Errorf("%s: %s has a literal value; it must come from a Secret", what, e.Name)
		}
	}
	for _, name := range names {
		e, ok := byName[name]
		if !ok || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil || e.ValueFrom.SecretKeyRef.Name == "" || e.ValueFrom.SecretKeyRef.Key == "" {
			t.Errorf("%s: %s is not set from a Secret key (got %+v)", what, name, e)
		}
	}
}

func duration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatalf("duration %q: %v", s, err)
	}
	return d
}

// TestManifestsNameNoSecretValues scans the manifest sources for things
// that look like credentials: only references belong in git.
func TestManifestsNameNoSecretValues(t *testing.T) {
	suspicious := regexp.MustCompile(`(?i)(postgres(ql)?://[^\s"']*:[^\s"'@]+@|kind:\s*Secret\b|password:\s*\S|secret_?key:\s*\S)`)
	for _, dir := range []string{"k8s/base", "k8s/overlays/example"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(dir + "/" + e.Name())
			if err != nil {
				t.Fatal(err)
			}
			if m := suspicious.Find(b); m != nil {
				t.Errorf("%s/%s: %q looks like a secret value; reference a Secret instead", dir, e.Name(), m)
			}
		}
	}
}
