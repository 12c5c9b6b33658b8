import { strict as assert } from "assert";
import { CHARTS, CRD_MANIFESTS, NAMES, NAMESPACES, ROUTE_NAMESPACE_LABEL } from "../../../components/ingress/shared";
import { CERT_MANAGER_CONFIG } from "../../../components/ingress/tls";
import { NAMES as OBSERVABILITY_NAMES, NAMESPACES as OBSERVABILITY_NAMESPACES, UI_PORTS } from "../../../components/observability/shared";
import { GRAFANA_SERVICE } from "../../../components/observability/monitoring";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { LOAD_BALANCER_CLASS } from "../../../providers/aws/load-balancer-controller";
import { GATEWAY_SERVICE_ANNOTATIONS } from "../../../providers/gcp/ingress";
import { LOAD_BALANCER_ANNOTATIONS as GCP_LOAD_BALANCER } from "../../../providers/gcp/cluster";
import { LOAD_BALANCER_ANNOTATIONS as AZURE_LOAD_BALANCER } from "../../../providers/azure/cluster-load-balancer";
import { input, ofType, single } from "../../helpers/record";
import {
    BACKEND_TLS_POLICY, CERTIFICATE, CLOUD_NAMES, CloudName, CLUSTER_ISSUER, CONFIG_FILE, DOMAIN, ENVOY_PROXY, GATEWAY, GATEWAY_CLASS, HTTP_ROUTE, INGRESS,
    ingressResources, named, NETWORK_CIDR, NSG_RULE, OFFICE, recordAll, recorded, releaseOf, SECURITY_POLICY, StackName, TLS_EMAIL,
} from "./stacks";

const CLUSTER_TYPES: Record<CloudName, string> = { aws: "eks:index:Cluster", azure: "azure-native:containerservice:ManagedCluster", gcp: "gcp:container/cluster:Cluster" };
const AWS_CONTROLLER = {
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
};
/** What each cloud's controller is asked for, for the Gateway's Service: public, and internal. */
const SERVICE: Record<CloudName, { external: Record<string, unknown>; internal: Record<string, unknown> }> = {
    aws: {
        external: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing", ...AWS_CONTROLLER }, loadBalancerClass: LOAD_BALANCER_CLASS },
        internal: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal", ...AWS_CONTROLLER }, loadBalancerClass: LOAD_BALANCER_CLASS },
    },
    azure: { external: { annotations: {} }, internal: { annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } } },
    gcp: { external: { annotations: { "cloud.google.com/l4-rbs": "enabled" } }, internal: { annotations: { "networking.gke.io/load-balancer-type": "Internal" } } },
};
const ALL: StackName[] = ["tls-aws", "tls-azure", "tls-gcp", "internal-aws", "internal-azure", "internal-gcp", "plain-aws", "off"];

const envoyService = (recording: Recording) => input<Record<string, unknown>>(named(recording, ENVOY_PROXY, NAMES.gatewayProxy), "spec.provider.kubernetes.envoyService");
const listeners = (recording: Recording) => input<Record<string, unknown>[]>(named(recording, GATEWAY, NAMES.gateway), "spec.listeners");
const gatewayOpenings = (recording: Recording) => ingressResources(recording).filter((r) => r.type === NSG_RULE);

/** Every `port` (and `*Port`) number anywhere in a resource's inputs, with its path. */
function portsIn(resource: ResourceRecord): { path: string; port: number }[] {
    const found: { path: string; port: number }[] = [];
    const walk = (value: unknown, path: string) => {
        if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, `${path}[${i}]`));
        } else if (value && typeof value === "object") {
            for (const [key, item] of Object.entries(value)) {
                if (/^port$|Port$/.test(key) && typeof item === "number") {
                    found.push({ path: `${path}.${key}`, port: item });
                }
                walk(item, `${path}.${key}`);
            }
        }
    };
    walk(resource.inputs, resource.name);
    return found;
}

describe("Ingress component", () => {
    let stacks: Record<StackName, Recording>;

    before(async () => {
        stacks = await recordAll(ALL);
    });

    for (const cloud of CLOUD_NAMES) {
        describe(`on ${cloud}`, () => {
            it("is one component of the platform, every Kubernetes object on the cluster's provider and deleted with the cluster", () => {
                const recording = stacks[`tls-${cloud}`];
                assert.ok(single(recording, INGRESS).parent.endsWith("anycloud:index:Platform::platform"));
                const cluster = single(recording, CLUSTER_TYPES[cloud]);
                const provider = single(recording, "pulumi:providers:kubernetes");
                const objects = ingressResources(recording).filter((r) => r.type.startsWith("kubernetes:"));
                assert.ok(objects.length >= 15, `${objects.length} objects`);
                for (const object of objects) {
                    assert.ok(object.options.provider.startsWith(`${provider.urn}::`), `${object.name}: provider ${object.options.provider}`);
                    assert.equal(object.options.deletedWith, cluster.urn, object.name);
                }
            });

            it("applies the pinned Gateway API (standard channel) and Envoy Gateway CRDs before anything that uses them, and keeps them on delete", () => {
                const recording = stacks[`tls-${cloud}`];
                const gatewayApi = single(recording, CONFIG_FILE, "-gateway-api-crds");
                const envoyGateway = single(recording, CONFIG_FILE, "-envoy-gateway-crds");
                assert.equal(input(gatewayApi, "file"), "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.6.1/standard-install.yaml");
                assert.equal(input(envoyGateway, "file"), "https://github.com/envoyproxy/gateway/releases/download/v1.9.0/envoy-gateway-crds.yaml");
                assert.equal(CRD_MANIFESTS.gatewayApi.version, "v1.6.1");
                for (const crds of [gatewayApi, envoyGateway]) {
                    assert.equal(crds.options.retainOnDelete, true, crds.name);
                }
                assert.ok(envoyGateway.dependencies.includes(gatewayApi.urn));
                for (const chart of [CHARTS.envoyGateway.chart, CHARTS.certManager.chart, CHARTS.externalDns.chart]) {
                    const release = releaseOf(recording, chart)!;
                    assert.ok(release.dependencies.includes(gatewayApi.urn), `${chart} waits for the Gateway API CRDs`);
                }
                assert.ok(releaseOf(recording, CHARTS.envoyGateway.chart)!.dependencies.includes(envoyGateway.urn));
            });

            it("installs Envoy Gateway v1.9.0, cert-manager v1.21.1 and external-dns 1.21.1, pinned, CRDs deliberately", () => {
                const recording = stacks[`tls-${cloud}`];
                const envoyGateway = releaseOf(recording, "oci://docker.io/envoyproxy/gateway-helm")!;
                assert.equal(input(envoyGateway, "version"), "v1.9.0");
                assert.equal(input(envoyGateway, "namespace"), NAMESPACES.envoyGateway);
                // Its chart would install the experimental channel once and never upgrade it.
                assert.deepEqual(input(envoyGateway, "values.crds"), { enabled: false });
                const certManager = releaseOf(recording, "cert-manager")!;
                assert.equal(input(certManager, "version"), "v1.21.1");
                assert.equal(input(certManager, "repositoryOpts.repo"), "https://charts.jetstack.io");
                // Off by default in the chart: templates, so each upgrade of the release upgrades them; kept on uninstall.
                assert.deepEqual(input(certManager, "values.crds"), { enabled: true, keep: true });
                assert.deepEqual(input(certManager, "values.config"), CERT_MANAGER_CONFIG);
                assert.deepEqual(CERT_MANAGER_CONFIG.gatewayAPI, { enabled: true });
                const externalDns = releaseOf(recording, "external-dns")!;
                assert.equal(input(externalDns, "version"), "1.21.1");
                for (const release of [envoyGateway, certManager, externalDns]) {
                    assert.equal(input(release, "atomic"), true, release.name);
                }
            });

            it("has one GatewayClass of Envoy Gateway, whose own EnvoyProxy gives a Gateway no load balancer", () => {
                const recording = stacks[`tls-${cloud}`];
                const gatewayClass = single(recording, GATEWAY_CLASS);
                assert.equal(input(gatewayClass, "spec.controllerName"), "gateway.envoyproxy.io/gatewayclass-controller");
                assert.deepEqual(input(gatewayClass, "spec.parametersRef"), { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: NAMES.classProxy, namespace: NAMESPACES.envoyGateway });
                assert.deepEqual(input(named(recording, ENVOY_PROXY, NAMES.classProxy), "spec.provider.kubernetes.envoyService"), { type: "ClusterIP" });
            });

            it("exposes the Gateway through the cloud's layer-4 load balancer, public, admitting its source ranges, keeping client addresses", () => {
                const recording = stacks[`tls-${cloud}`];
                const gateway = named(recording, GATEWAY, NAMES.gateway);
                assert.equal(input(gateway, "metadata.namespace"), NAMESPACES.gateway);
                assert.equal(input(gateway, "spec.gatewayClassName"), NAMES.gatewayClass);
                assert.deepEqual(input(gateway, "spec.infrastructure.parametersRef"), { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: NAMES.gatewayProxy });
                assert.equal(input(gateway, "metadata.annotations")?.["pulumi.com/waitFor" as never], "condition=Programmed");
                const { external } = SERVICE[cloud];
                assert.deepEqual(envoyService(recording), {
                    type: "LoadBalancer",
                    ...external,
                    loadBalancerSourceRanges: ["0.0.0.0/0"],
                    externalTrafficPolicy: "Local",
                });
            });

            it("listens on 80 and 443 only: HTTP for the redirect and the ACME challenge, HTTPS per host name with its certificate", () => {
                const recording = stacks[`tls-${cloud}`];
                assert.deepEqual(listeners(recording).map((l) => [l.name, l.protocol, l.port, l.hostname]), [
                    ["http", "HTTP", 80, undefined],
                    ["https", "HTTPS", 443, DOMAIN],
                    ["grafana", "HTTPS", 443, `grafana.${DOMAIN}`],
                    ["kibana", "HTTPS", 443, `kibana.${DOMAIN}`],
                ]);
                for (const resource of ingressResources(recording)) {
                    for (const { path, port } of portsIn(resource)) {
                        assert.ok(port === 80 || port === 443, `${path} = ${port}`);
                    }
                }
                const [http, https] = listeners(recording);
                assert.deepEqual(http.allowedRoutes, { namespaces: { from: "Same" } }, "only the redirect and the challenges");
                assert.deepEqual(https.allowedRoutes, { namespaces: { from: "Selector", selector: { matchLabels: { [ROUTE_NAMESPACE_LABEL]: NAMES.gateway } } } });
                const redirect = named(recording, HTTP_ROUTE, NAMES.redirect);
                assert.deepEqual(input(redirect, "spec.parentRefs"), [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: NAMES.gateway, namespace: NAMESPACES.gateway, sectionName: "http" }]);
                assert.deepEqual(input(redirect, "spec.rules"), [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }]);
            });

            it("issues a Let's Encrypt certificate per HTTPS listener through HTTP-01 on the Gateway", () => {
                const recording = stacks[`tls-${cloud}`];
                const issuer = single(recording, CLUSTER_ISSUER);
                assert.equal(input(issuer, "spec.acme.server"), "https://acme-v02.api.letsencrypt.org/directory");
                assert.equal(input(issuer, "spec.acme.email"), TLS_EMAIL);
                assert.deepEqual(input(issuer, "spec.acme.solvers"), [{ http01: { gatewayHTTPRoute: { parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: NAMES.gateway, namespace: NAMESPACES.gateway, sectionName: "http" }] } } }]);
                const certificates = ofType(recording, CERTIFICATE);
                const https = listeners(recording).filter((l) => l.protocol === "HTTPS");
                assert.equal(certificates.length, https.length);
                for (const listener of https) {
                    const secret = (listener.tls as { certificateRefs: { name: string }[] }).certificateRefs[0].name;
                    const certificate = certificates.find((c) => input(c, "spec.secretName") === secret)!;
                    assert.ok(certificate, `${String(listener.name)}: no certificate writes ${secret}`);
                    assert.deepEqual(input(certificate, "spec.dnsNames"), [listener.hostname]);
                    assert.equal(input(certificate, "metadata.namespace"), NAMESPACES.gateway);
                    assert.deepEqual(input(certificate, "spec.issuerRef"), { group: "cert-manager.io", kind: "ClusterIssuer", name: NAMES.clusterIssuer });
                    assert.ok(certificate.dependencies.includes(issuer.urn));
                }
            });
        });
    }

    describe("source ranges and the cloud's firewall", () => {
        it("on AWS and GCP, the cloud's controller writes loadBalancerSourceRanges into the load balancer's firewall: nothing else is opened", () => {
            for (const name of ["tls-aws", "tls-gcp", "internal-aws", "internal-gcp"] as StackName[]) {
                assert.deepEqual(gatewayOpenings(stacks[name]), [], name);
                assert.equal(ofType(stacks[name], "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("platform-ingress")).length, 0, name);
                assert.equal(ofType(stacks[name], "gcp:compute/firewall:Firewall").filter((r) => r.name.startsWith("platform-ingress")).length, 0, name);
            }
        });

        it("on Azure, opens the node subnet's NSG for exactly the source ranges on exactly 80 and 443, in the load balancer band, before the Gateway", () => {
            const recording = stacks["tls-azure"];
            const [rule] = gatewayOpenings(recording);
            assert.equal(gatewayOpenings(recording).length, 1);
            assert.deepEqual(input(rule, "sourceAddressPrefixes"), ["0.0.0.0/0"]);
            assert.deepEqual(input(rule, "destinationPortRanges"), ["80", "443"]);
            assert.equal(input(rule, "protocol"), "Tcp");
            assert.equal(input(rule, "access"), "Allow");
            const priority = input<number>(rule, "priority");
            assert.ok(priority >= 400 && priority <= 499, String(priority));
            assert.ok(named(recording, GATEWAY, NAMES.gateway).dependencies.includes(rule.urn));
            assert.deepEqual(AZURE_LOAD_BALANCER.internal, SERVICE.azure.internal.annotations);
        });

        it("without a domain, opens 80 alone (no certificate, no HTTPS listener)", () => {
            const recording = stacks["internal-azure"];
            assert.deepEqual(input(gatewayOpenings(recording)[0], "destinationPortRanges"), ["80"]);
            assert.deepEqual(listeners(recording).map((l) => l.port), [80]);
        });
    });

    describe("internal mode", () => {
        for (const cloud of CLOUD_NAMES) {
            it(`on ${cloud}, puts the Gateway behind an internal load balancer admitting the network, and makes nothing public`, () => {
                const recording = stacks[`internal-${cloud}`];
                assert.deepEqual(envoyService(recording), { type: "LoadBalancer", ...SERVICE[cloud].internal, loadBalancerSourceRanges: [NETWORK_CIDR], externalTrafficPolicy: "Local" });
                const text = JSON.stringify(ingressResources(recording).map((r) => r.inputs));
                assert.ok(!text.includes("0.0.0.0/0") && !text.includes("internet-facing") && !text.includes("l4-rbs"), cloud);
                assert.deepEqual([CLUSTER_ISSUER, CERTIFICATE].flatMap((type) => ofType(recording, type)), [], "no certificate: nothing reaches an internal Gateway from Let's Encrypt");
                for (const opening of gatewayOpenings(recording)) {
                    assert.deepEqual(input(opening, "sourceAddressPrefixes"), [NETWORK_CIDR]);
                }
                // Observability stays internal too: no load balancer and no route anywhere else.
                for (const resource of recording.resources) {
                    assert.ok(!JSON.stringify(resource.inputs).includes("\"LoadBalancer\"") || resource.type === ENVOY_PROXY, resource.name);
                }
            });
        }

        it("asks GKE for its backend service-based passthrough load balancer only on the Gateway's new Service, internal ones as the cluster does", () => {
            assert.deepEqual(GATEWAY_SERVICE_ANNOTATIONS.internal, GCP_LOAD_BALANCER.internal);
            assert.deepEqual(GCP_LOAD_BALANCER.external, {}, "Grafana's and Kibana's existing Services keep what they were created with");
        });
    });

    describe("Grafana and Kibana through the Gateway (observability.exposure: gateway)", () => {
        for (const cloud of CLOUD_NAMES) {
            it(`on ${cloud}, serves them on their own listeners, admitting routes of their namespace only and clients of allowedCidrs only`, () => {
                const recording = stacks[`tls-${cloud}`];
                const gateway = named(recording, GATEWAY, NAMES.gateway);
                for (const [ui, namespace] of [["grafana", OBSERVABILITY_NAMESPACES.monitoring], ["kibana", OBSERVABILITY_NAMESPACES.logging]]) {
                    const listener = listeners(recording).find((l) => l.name === ui)!;
                    assert.deepEqual(listener.allowedRoutes, { namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } } });
                    const policy = named(recording, SECURITY_POLICY, `restrict-${ui}`);
                    assert.deepEqual(input(policy, "spec.targetRefs"), [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: NAMES.gateway, sectionName: ui }]);
                    assert.deepEqual(input(policy, "spec.authorization"), { defaultAction: "Deny", rules: [{ name: "allowed-sources", action: "Allow", principal: { clientCIDRs: OFFICE } }] });
                    assert.ok(gateway.dependencies.includes(policy.urn), "the listener never serves without its check");
                    const route = named(recording, HTTP_ROUTE, ui);
                    assert.equal(input(route, "metadata.namespace"), namespace);
                    assert.deepEqual(input(route, "spec.hostnames"), [`${ui}.${DOMAIN}`]);
                    assert.equal(input<{ sectionName: string }[]>(route, "spec.parentRefs")[0].sectionName, ui);
                    const backendTls = named(recording, BACKEND_TLS_POLICY, ui);
                    assert.ok(route.dependencies.includes(backendTls.urn));
                    assert.deepEqual(input(backendTls, "spec.validation.caCertificateRefs"), [{ group: "", kind: "ConfigMap", name: OBSERVABILITY_NAMES.caConfigMap }]);
                }
                assert.deepEqual(input(named(recording, HTTP_ROUTE, "grafana"), "spec.rules"), [{ backendRefs: [{ group: "", kind: "Service", name: GRAFANA_SERVICE, port: UI_PORTS.grafana }] }]);
                assert.equal(input(named(recording, BACKEND_TLS_POLICY, "grafana"), "spec.validation.hostname"), `${GRAFANA_SERVICE}.monitoring.svc`);
                assert.equal(input(named(recording, BACKEND_TLS_POLICY, "kibana"), "spec.validation.hostname"), `${OBSERVABILITY_NAMES.kibanaService}.logging.svc`);
                // The observability CA in both namespaces: a BackendTLSPolicy names a ConfigMap of its own.
                const caMaps = ofType(recording, "kubernetes:core/v1:ConfigMap").filter((c) => input(c, "metadata.name") === OBSERVABILITY_NAMES.caConfigMap);
                assert.deepEqual(caMaps.map((c) => input(c, "metadata.namespace")).sort(), ["logging", "monitoring"]);
                // Their Services stay inside the cluster.
                const grafana = input<Record<string, unknown>>(releaseOf(recording, "kube-prometheus-stack")!, "values.grafana");
                assert.equal((grafana.service as { type: string }).type, "ClusterIP");
                assert.equal(((grafana["grafana.ini"] as Record<string, Record<string, string>>).server).root_url, `https://grafana.${DOMAIN}/`);
            });
        }

        it("routes neither of them through the Gateway unless asked", () => {
            for (const name of ["internal-aws", "internal-azure", "internal-gcp", "plain-aws"] as StackName[]) {
                const recording = stacks[name];
                assert.deepEqual([HTTP_ROUTE, BACKEND_TLS_POLICY, SECURITY_POLICY].flatMap((type) => ofType(recording, type)), [], name);
                assert.deepEqual(listeners(recording).map((l) => l.name), ["http"], name);
            }
        });
    });

    describe("without a domain (plain HTTP)", () => {
        it("serves the labelled namespaces' routes on port 80, with no certificate machinery", () => {
            const recording = stacks["plain-aws"];
            assert.deepEqual(listeners(recording), [{ name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: { [ROUTE_NAMESPACE_LABEL]: NAMES.gateway } } } } }]);
            assert.equal(releaseOf(recording, "cert-manager"), undefined);
            assert.equal(releaseOf(recording, "external-dns"), undefined);
            assert.deepEqual(ofType(recording, CLUSTER_ISSUER), []);
        });
    });

    describe("outputs and switching off", () => {
        it("names the Gateway and its URL in the stack outputs", async () => {
            assert.deepEqual((await recorded("tls-aws")).outputs.ingressGateway, "gateway/platform");
            assert.equal((await recorded("tls-aws")).outputs.ingressUrl, `https://${DOMAIN}`);
            const plain = (await recorded("plain-aws")).outputs;
            assert.equal(plain.ingressGateway, "gateway/platform");
            assert.ok(!("ingressUrl" in plain));
        });

        it("with ingress.enabled false, creates nothing of the edge", async () => {
            const recording = stacks.off;
            assert.deepEqual(ofType(recording, INGRESS), []);
            assert.deepEqual(recording.resources.filter((r) => r.type.includes("gateway") || r.type === CONFIG_FILE), []);
            assert.ok(!("ingressGateway" in (await recorded("off")).outputs));
        });

        it("labels every namespace of the edge to enforce the restricted Pod Security Standard", () => {
            const namespaces = ingressResources(stacks["tls-aws"]).filter((r) => r.type === "kubernetes:core/v1:Namespace");
            assert.deepEqual(namespaces.map((n) => input(n, "metadata.name")).sort(), ["cert-manager", "envoy-gateway-system", "external-dns", "gateway"]);
            for (const namespace of namespaces) {
                assert.equal(input<Record<string, string>>(namespace, "metadata.labels")["pod-security.kubernetes.io/enforce"], "restricted");
            }
        });
    });
});
