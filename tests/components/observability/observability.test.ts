import { strict as assert } from "assert";
import { GRAFANA_ELASTICSEARCH_SECRET, GRAFANA_SERVICE } from "../../../components/observability/monitoring";
import { CHARTS, NAMES, NAMESPACES, UI_PORTS } from "../../../components/observability/shared";
import { Recording, ResourceRecord, SECRET_MARKER } from "../../../plan/recorder";
import { input, ofType, single } from "../../helpers/record";
import {
    allowlist, assertRequestsAndMemoryLimit, CLOUD_NAMES, CLOUDS, containerResourcesIn, generatedPasswords, internal, JOB, KIBANA, ELASTICSEARCH, kubernetesObjects, loadBalancersIn,
    mustRelease, NAMESPACE, OBSERVABILITY, observabilityResources, OFFICE, programOutputs, recordAll, releaseOf, SECRET, secretNamed, StackName,
} from "./stacks";

const SECURITY_RULE = "azure-native:network:SecurityRule";
const ALL_STACKS: StackName[] = [...CLOUD_NAMES.map(internal), ...CLOUD_NAMES.map(allowlist), "monitoring-off", "logging-off", "both-off"];
const OUTPUT_KEYS = { monitoring: ["grafanaService", "grafanaAdminSecret"], logging: ["kibanaService", "kibanaUserSecret"] };

/** The namespace an object lives in: a Release's `namespace`, a namespaced object's metadata, a Namespace's own name. */
function namespaceOf(resource: ResourceRecord): unknown {
    if (resource.type === NAMESPACE) {
        return input(resource, "metadata.name");
    }
    return resource.type === "kubernetes:helm.sh/v3:Release" ? input(resource, "namespace") : input(resource, "metadata.namespace");
}

const grafanaService = (recording: Recording) => input<Record<string, unknown>>(mustRelease(recording, CHARTS.kubePrometheusStack.chart), "values.grafana.service");
const kibanaService = (recording: Recording) => input<{ metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> }>(single(recording, KIBANA), "spec.http.service");
const uiOpenings = (recording: Recording) => observabilityResources(recording).filter((r) => r.type === SECURITY_RULE);

describe("Observability component", () => {
    let stacks: Record<StackName, Recording>;

    before(async () => {
        stacks = await recordAll(ALL_STACKS);
    });

    for (const cloud of CLOUD_NAMES) {
        describe(`on ${cloud}`, () => {
            it("is one component of the platform, with the monitoring and logging namespaces", () => {
                const recording = stacks[internal(cloud)];
                const component = single(recording, OBSERVABILITY);
                assert.ok(component.parent.endsWith("anycloud:index:Platform::platform"));
                assert.deepEqual(ofType(recording, NAMESPACE).filter((n) => kubernetesObjects(recording).includes(n)).map((n) => input(n, "metadata.name")).sort(),
                    [NAMESPACES.logging, NAMESPACES.monitoring]);
            });

            it("puts every Kubernetes object on the cluster's provider, deleted with the cluster, in its namespace", () => {
                for (const name of [internal(cloud), allowlist(cloud)]) {
                    const recording = stacks[name];
                    const cluster = single(recording, CLOUDS[cloud].clusterType);
                    const provider = single(recording, "pulumi:providers:kubernetes");
                    const objects = kubernetesObjects(recording);
                    assert.ok(objects.length >= 14, `${objects.length} objects`);
                    for (const object of objects) {
                        assert.ok(object.options.provider.startsWith(`${provider.urn}::`), `${object.name}: provider ${object.options.provider}`);
                        assert.equal(object.options.deletedWith, cluster.urn, object.name);
                        assert.ok(([NAMESPACES.monitoring, NAMESPACES.logging] as unknown[]).includes(namespaceOf(object)), `${object.name} in ${String(namespaceOf(object))}`);
                    }
                }
            });

            it("keeps monitoring and logging objects apart", () => {
                const recording = stacks[internal(cloud)];
                assert.equal(namespaceOf(mustRelease(recording, CHARTS.kubePrometheusStack.chart)), NAMESPACES.monitoring);
                for (const name of [NAMES.grafanaAdminSecret, GRAFANA_ELASTICSEARCH_SECRET]) {
                    assert.equal(namespaceOf(secretNamed(recording, name)!), NAMESPACES.monitoring, name);
                }
                for (const object of [single(recording, ELASTICSEARCH), single(recording, KIBANA), single(recording, JOB), mustRelease(recording, CHARTS.fluentBit.chart), mustRelease(recording, CHARTS.eckOperator.chart)]) {
                    assert.equal(namespaceOf(object), NAMESPACES.logging, object.name);
                }
            });
        });
    }

    it("requests CPU and memory and caps memory wherever it sets a container's resources, and keeps every Secret's data secret", () => {
        for (const cloud of CLOUD_NAMES) {
            const resources = observabilityResources(stacks[internal(cloud)]);
            const blocks = resources.flatMap(containerResourcesIn);
            assert.ok(blocks.length >= 15, `${blocks.length} resource blocks: 10 in kube-prometheus-stack, ECK, Fluent Bit, Elasticsearch, Kibana, the Job`);
            for (const { path, resources: block } of blocks) {
                assertRequestsAndMemoryLimit(block, `${cloud}: ${path}`);
            }
            const secrets = resources.filter((r) => r.type === SECRET);
            assert.equal(secrets.length, 9, "Grafana's admin, data source and TLS, Alertmanager's config, the log writer, reader and roles, Elasticsearch's and Kibana's TLS");
            for (const secret of secrets) {
                assert.ok(secret.secretInputs.includes("stringData"), `${cloud}: ${secret.name}`);
                assert.equal(input(secret, "stringData"), SECRET_MARKER, `${cloud}: ${secret.name}`);
                assert.equal(input(secret, "data"), undefined, `${cloud}: ${secret.name}`);
            }
        }
    });

    describe("exposure", () => {
        it("is internal by default: Grafana and Kibana on ClusterIP, no load balancer, no firewall opening", () => {
            for (const cloud of CLOUD_NAMES) {
                const recording = stacks[internal(cloud)];
                assert.equal(grafanaService(recording).type, "ClusterIP", cloud);
                assert.equal(grafanaService(recording).loadBalancerSourceRanges, undefined, cloud);
                assert.equal(kibanaService(recording).spec.type, "ClusterIP", cloud);
                assert.deepEqual(observabilityResources(recording).flatMap(loadBalancersIn), [], cloud);
                assert.deepEqual(uiOpenings(recording), [], cloud);
            }
        });

        for (const cloud of CLOUD_NAMES) {
            it(`with allowlist, puts Grafana and Kibana behind ${cloud}'s load balancer admitting exactly allowedCidrs`, () => {
                const recording = stacks[allowlist(cloud)];
                const grafana = grafanaService(recording);
                const kibana = kibanaService(recording);
                assert.equal(grafana.type, "LoadBalancer");
                assert.equal(kibana.spec.type, "LoadBalancer");
                assert.deepEqual(grafana.loadBalancerSourceRanges, OFFICE);
                assert.deepEqual(kibana.spec.loadBalancerSourceRanges, OFFICE);
                assert.deepEqual(grafana.annotations, CLOUDS[cloud].externalAnnotations);
                assert.deepEqual(kibana.metadata.annotations, CLOUDS[cloud].externalAnnotations);
                assert.equal(grafana.port, UI_PORTS.grafana);
                assert.deepEqual((kibana.spec.ports as { port: number }[]).map((p) => p.port), [UI_PORTS.kibana]);
                assert.equal(observabilityResources(recording).flatMap(loadBalancersIn).length, 2);
            });
        }

        it("on Azure, opens the node subnet's NSG once, for exactly the allowlist on exactly the UI ports, before the Services", () => {
            const recording = stacks[allowlist("azure")];
            const openings = uiOpenings(recording);
            assert.equal(openings.length, 1);
            const [rule] = openings;
            assert.deepEqual(input(rule, "sourceAddressPrefixes"), OFFICE);
            assert.deepEqual(input(rule, "destinationPortRanges"), [String(UI_PORTS.grafana), String(UI_PORTS.kibana)]);
            assert.equal(input(rule, "access"), "Allow");
            assert.equal(input(rule, "direction"), "Inbound");
            assert.ok(mustRelease(recording, CHARTS.kubePrometheusStack.chart).dependencies.includes(rule.urn), "Grafana's load balancer waits for the opening");
            assert.ok(single(recording, KIBANA).dependencies.includes(rule.urn), "Kibana's load balancer waits for the opening");
            assert.deepEqual(input(single(stacks["monitoring-off"], SECURITY_RULE, "-ui-allow-external-lb"), "destinationPortRanges"), [String(UI_PORTS.kibana)], "Kibana alone");
        });

        it("guard: no load balancer of Observability in any recorded stack admits more than the allowlist, and nothing names the whole internet", () => {
            for (const name of ALL_STACKS) {
                const recording = stacks[name];
                const allowed = name.startsWith("internal-") ? [] : OFFICE;
                // The Gateway's public load balancer is the edge's (tests/components/ingress): 80 and 443 to its sourceRanges.
                for (const resource of observabilityResources(recording)) {
                    for (const { path, service } of loadBalancersIn(resource)) {
                        assert.deepEqual(service.loadBalancerSourceRanges, allowed, `${name}: ${path}`);
                    }
                }
                const text = JSON.stringify(observabilityResources(recording).map((r) => r.inputs));
                assert.ok(!text.includes("0.0.0.0/0") && !text.includes("::/0"), name);
                for (const rule of uiOpenings(recording)) {
                    assert.deepEqual(input(rule, "sourceAddressPrefixes"), allowed, `${name}: ${rule.name}`);
                }
            }
        });
    });

    describe("outputs", () => {
        it("point at the UIs' Services and login Secrets by <namespace>/<name>, and hold no password", () => {
            const recording = stacks[internal("aws")];
            assert.equal(recording.outputs.grafanaService, `${NAMESPACES.monitoring}/${GRAFANA_SERVICE}`);
            assert.equal(recording.outputs.grafanaAdminSecret, `${NAMESPACES.monitoring}/${NAMES.grafanaAdminSecret}`);
            assert.equal(recording.outputs.kibanaService, `${NAMESPACES.logging}/${NAMES.kibanaService}`);
            assert.equal(recording.outputs.kibanaUserSecret, `${NAMESPACES.logging}/${NAMES.elasticUserSecret}`);
            const text = JSON.stringify(recording.outputs);
            assert.ok(generatedPasswords(recording).every((password) => !text.includes(password)));
        });

        it("leave a disabled part's keys out instead of handing Pulumi undefined values (which it warns about)", async () => {
            for (const name of ["monitoring-off", "logging-off"] as StackName[]) {
                const outputs = await programOutputs(name);
                assert.deepEqual(Object.entries(outputs).filter(([, value]) => value === undefined).map(([key]) => key), [], name);
                const absent = name === "monitoring-off" ? OUTPUT_KEYS.monitoring : OUTPUT_KEYS.logging;
                assert.ok(absent.every((key) => !(key in outputs)), name);
                assert.ok("observabilityCaCertificate" in outputs, name);
            }
        });
    });

    describe("disabled parts create nothing", () => {
        it("monitoring off: no kube-prometheus-stack, no Grafana or Alertmanager Secrets, no ServiceMonitor for Fluent Bit", () => {
            const recording = stacks["monitoring-off"];
            assert.equal(releaseOf(recording, CHARTS.kubePrometheusStack.chart), undefined);
            assert.deepEqual(ofType(recording, "kubernetes:core/v1:Secret").map((s) => input(s, "metadata.namespace")).filter((n) => n === NAMESPACES.monitoring), []);
            assert.deepEqual(kubernetesObjects(recording).filter((o) => namespaceOf(o) === NAMESPACES.monitoring), [], "no monitoring namespace or object in it");
            const fluentBit = mustRelease(recording, CHARTS.fluentBit.chart);
            assert.equal(input(fluentBit, "values.serviceMonitor.enabled"), false, "its CRD would be missing");
            assert.equal(generatedPasswords(recording).length, 2, "the log writer's and reader's only");
            for (const key of OUTPUT_KEYS.monitoring) {
                assert.ok(!(key in stacks["monitoring-off"].outputs), key);
            }
            for (const key of OUTPUT_KEYS.logging) {
                assert.ok(key in stacks["monitoring-off"].outputs, key);
            }
        });

        it("logging off: no ECK, Elasticsearch, Kibana, Fluent Bit or lifecycle Job, and no Elasticsearch data source in Grafana", () => {
            const recording = stacks["logging-off"];
            assert.equal(releaseOf(recording, CHARTS.eckOperator.chart), undefined);
            assert.equal(releaseOf(recording, CHARTS.fluentBit.chart), undefined);
            for (const type of [ELASTICSEARCH, KIBANA, JOB]) {
                assert.deepEqual(ofType(recording, type), [], type);
            }
            assert.deepEqual(kubernetesObjects(recording).filter((o) => namespaceOf(o) === NAMESPACES.logging), [], "no logging namespace or object in it");
            const kps = mustRelease(recording, CHARTS.kubePrometheusStack.chart);
            assert.deepEqual(input(kps, "values.grafana.additionalDataSources"), []);
            assert.equal(input(kps, "values.grafana.envFromSecret"), undefined);
            assert.equal(secretNamed(recording, GRAFANA_ELASTICSEARCH_SECRET), undefined);
            assert.equal(generatedPasswords(recording).length, 1, "Grafana's admin only");
            for (const key of OUTPUT_KEYS.logging) {
                assert.ok(!(key in recording.outputs), key);
            }
            for (const key of OUTPUT_KEYS.monitoring) {
                assert.ok(key in recording.outputs, key);
            }
        });

        it("both off: no Observability component, nothing on the cluster from it, no firewall opening", () => {
            const recording = stacks["both-off"];
            assert.deepEqual(ofType(recording, OBSERVABILITY), []);
            assert.deepEqual(recording.resources.filter((r) => r.urn.includes(OBSERVABILITY) || r.name.includes("-observability")), []);
            // The edge's namespaces (Ingress is on by default) are its own.
            assert.deepEqual(ofType(recording, NAMESPACE).filter((n) => !n.parent.includes("anycloud:index:Ingress")), []);
            assert.deepEqual(recording.resources.filter((r) => r.type.startsWith("kubernetes:") && ([NAMESPACES.monitoring, NAMESPACES.logging] as unknown[]).includes(namespaceOf(r))), []);
            assert.deepEqual(ofType(recording, "random:index/randomPassword:RandomPassword"), []);
            assert.deepEqual(ofType(recording, SECURITY_RULE).filter((r) => r.name.includes("allow-external-lb") && !r.name.includes("-ingress-")), []);
            for (const key of [...OUTPUT_KEYS.monitoring, ...OUTPUT_KEYS.logging]) {
                assert.ok(!(key in recording.outputs), key);
            }
        });
    });
});
