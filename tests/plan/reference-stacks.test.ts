import { strict as assert } from "assert";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "fs";
import { join } from "path";
import { PlanDocument, serialise } from "../../plan/document";
import { listStacks } from "../../plan/stack-files";
import { renderTree } from "../../plan/tree";
import { ALL_RULES } from "../../policies/rules/all";
import { referencePlan } from "../helpers/reference-plans";
import { REPO_ROOT } from "./fixtures";

/** What every reference stack installs on its cluster, the same on every cloud. */
const OBSERVABILITY_TYPES = [
    "anycloud:index:Observability", "kubernetes:helm.sh/v3:Release",
    "kubernetes:elasticsearch.k8s.elastic.co/v1:Elasticsearch", "kubernetes:kibana.k8s.elastic.co/v1:Kibana",
];

/** Resources every stack of a cloud must contain, whatever else it builds. */
const KEY_TYPES: Record<string, string[]> = {
    aws: ["anycloud:index:Platform", "anycloud:index:Network", "anycloud:index:Cluster", "aws:ec2/vpc:Vpc", "eks:index:Cluster", "aws:eks/nodeGroup:NodeGroup"],
    azure: [
        "anycloud:index:Platform", "anycloud:index:Network", "anycloud:index:Cluster", "azure-native:resources:ResourceGroup",
        "azure-native:network:VirtualNetwork", "azure-native:containerservice:ManagedCluster", "azure-native:containerservice:AgentPool",
        "azure-native:dbforpostgresql:Server", "azure-native:keyvault:Secret",
    ],
    gcp: [
        "anycloud:index:Platform", "anycloud:index:Network", "anycloud:index:Cluster", "gcp:compute/network:Network",
        "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:secretmanager/secret:Secret", "gcp:compute/routerNat:RouterNat",
    ],
};

const schema = JSON.parse(readFileSync(join(REPO_ROOT, "docs", "plan-format.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function schemaErrors(document: unknown): string {
    return validate(document) ? "" : JSON.stringify(validate.errors, null, 1);
}

describe("plan: reference stacks", () => {
    const stacks = listStacks(REPO_ROOT);
    let sample: PlanDocument | undefined;

    it("exist in the repository root", () => {
        for (const stack of ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]) {
            assert.ok(stacks.includes(stack), `stacks: ${stacks.join(", ")}`);
        }
    });

    for (const stack of stacks) {
        it(`plans ${stack} cleanly; its tree has the key resources and the JSON matches the schema`, async () => {
            const document = await referencePlan(stack);
            sample ??= document;
            assert.deepEqual(document.warnings, [], `pulumi up would refuse ${stack}`);
            const cloud = document.config["anycloud:cloud"];
            assert.ok(KEY_TYPES[cloud], `no key resources listed for cloud ${cloud}`);
            const keyTypes = [...KEY_TYPES[cloud], ...OBSERVABILITY_TYPES];
            const tree = renderTree(document);
            for (const type of keyTypes) {
                assert.ok(document.summary.byType[type] >= 1, `${stack} has no ${type}`);
                assert.match(tree, new RegExp(`(├─|└─) ${type.replace(/[/$]/g, "\\$&")}  `), `${type} missing from the tree of ${stack}`);
            }
            assert.equal(schemaErrors(JSON.parse(serialise(document))), "");
            // A new resource type must be priced or classified free in plan/cost/<cloud>.ts, never silently zero.
            assert.deepEqual(document.cost.unpriced.filter((u) => u.item === null).map((u) => u.type), [], `${stack} has resource types no cost rule knows`);
            assert.ok(!serialise(document).includes("certificate-authority-data"));
            // What `anycloud plan --strict` promises for every reference stack.
            const expectedRules = ALL_RULES.filter((r) => r.cloud === cloud || r.cloud === "kubernetes").map((r) => r.id);
            assert.deepEqual(document.compliance.rules.map((r) => r.id), expectedRules, `${stack}: the compliance section lists every rule of its cloud`);
            const failures = document.compliance.rules.flatMap((r) => r.findings.filter((f) => f.status === "fail").map((f) => `${r.id} ${f.urn}: ${f.message}`));
            assert.deepEqual(failures, [], `${stack} fails security rules`);
        });
    }

    it("the schema rejects documents that break the format", function () {
        if (!sample) {
            this.skip();
        }
        const broken = (mutate: (d: Record<string, unknown>) => void) => {
            const copy = JSON.parse(serialise(sample as PlanDocument)) as Record<string, unknown>;
            mutate(copy);
            return copy;
        };
        assert.notEqual(schemaErrors(broken((d) => { d.formatVersion = 1; })), "");
        assert.notEqual(schemaErrors(broken((d) => { delete d.summary; })), "");
        assert.notEqual(schemaErrors(broken((d) => { (d.resources as Record<string, unknown>[])[0].custom = "yes"; })), "");
        assert.notEqual(schemaErrors(broken((d) => { (d.config as Record<string, unknown>)["anycloud:zones"] = 3; })), "");
    });
});
