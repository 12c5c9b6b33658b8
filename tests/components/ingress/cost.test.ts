import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { settingsForCloud } from "../../../plan/cost/compare";
import { estimateCost } from "../../../plan/cost/estimate";
import { CostLine } from "../../../plan/cost/types";
import { toStackConfig } from "../../helpers/record";
import { recorded, settingsOf, StackName, ZONES } from "./stacks";

/** The cost lines of the load balancer Envoy Gateway creates for the platform's Gateway: [item, quantity]. */
async function gatewayLines(name: StackName): Promise<CostLine[]> {
    const { recording } = await recorded(name);
    const estimate = estimateCost(recording.resources, loadPlatformArgs(toStackConfig(settingsOf(name))));
    return estimate.lines.filter((line) => line.name === "platform-ingress-gateway");
}

const summary = (lines: CostLine[]) => lines.map((line) => [line.item, line.quantity]);

describe("Ingress: the Gateway's load balancer in the cost estimate", () => {
    it("counts one load balancer per Gateway, under the ingress component, as made by Kubernetes; none for the class's own EnvoyProxy", async () => {
        for (const name of ["tls-aws", "tls-azure", "tls-gcp"] as StackName[]) {
            const lines = await gatewayLines(name);
            assert.ok(lines.length > 0, name);
            for (const line of lines) {
                assert.equal(line.component, "ingress", `${name}: ${line.item}`);
                assert.equal(line.costType, "fixed");
                assert.equal(line.createdBy, "kubernetes");
                assert.match(line.description, /^Gateway platform Service: /);
            }
        }
    });

    it("on AWS: an NLB, its public IPv4 address per zone and capacity units; internal: no public address", async () => {
        // Grafana and Kibana go through the Gateway here: all of loadBalancerGbPerMonth (100) is the Gateway's.
        assert.deepEqual(summary(await gatewayLines("tls-aws")), [["elb.nlb", 730], ["ec2.publicIpv4", 1460], ["elb.nlb.capacity", 100]]);
        assert.deepEqual(summary(await gatewayLines("internal-aws")).map(([item]) => item), ["elb.nlb", "elb.nlb.capacity"]);
    });

    it("on Azure: a public IP, one load-balancing rule per port (80 and 443) and data; internal, without TLS: no public IP, one rule", async () => {
        assert.deepEqual(summary(await gatewayLines("tls-azure")), [["publicIp.standardStatic", 730], ["loadBalancer.rules", 1460], ["loadBalancer.data", 100]]);
        assert.deepEqual(summary(await gatewayLines("internal-azure")).map(([item, quantity]) => [item, quantity]), [["loadBalancer.rules", 730], ["loadBalancer.data", 100]]);
    });

    it("on GCP: one forwarding rule for both ports and data; an internal load balancer's data has an item of its own", async () => {
        assert.deepEqual(summary(await gatewayLines("tls-gcp")), [["lb.forwardingRule", 730], ["lb.data", 100]]);
        assert.deepEqual(summary(await gatewayLines("internal-gcp")), [["lb.forwardingRule", 730], ["lb.internal.data", 100]]);
    });
});

describe("Ingress: --compare-clouds", () => {
    it("plans the other clouds without external-dns's zone, which is in the stack's cloud's terms, keeping the rest of the edge", () => {
        const config = toStackConfig(settingsOf("tls-aws"));
        const result = settingsForCloud({ stack: "tls-aws", config } as Parameters<typeof settingsForCloud>[0], "gcp");
        assert.ok("settings" in result);
        const ingress = JSON.parse(result.settings.config["anycloud:ingress"]) as Record<string, unknown>;
        assert.deepEqual(ingress, { domain: "transit.acme.example", tlsEmail: "ops@acme.example" });
        assert.ok(config["anycloud:ingress"].includes(ZONES.aws), "the stack's own plan keeps it");
        const own = settingsForCloud({ stack: "tls-aws", config } as Parameters<typeof settingsForCloud>[0], "aws");
        assert.ok("settings" in own);
        assert.equal(own.settings.config["anycloud:ingress"], config["anycloud:ingress"]);
    });
});
