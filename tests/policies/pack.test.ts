import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeResponse, AnalyzerInfo, AnalyzerPropertyDependencies, AnalyzerResource, AnalyzerResourceOptions, AnalyzeStackRequest, EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import { ALL_RULES } from "../../policies/rules/all";
import { CheckedResource } from "../../policies/rule";
import { REPO_ROOT } from "../plan/fixtures";
import { referenceResources } from "./helpers";

const PACK_DIR = join(REPO_ROOT, "policies", "pack");

/**
 * The pack runs as the Pulumi CLI runs it: its own process in its folder, serving the analyzer
 * protocol of @pulumi/policy on a port it prints. The test is the engine's side of that protocol.
 */
function startPack(): Promise<{ child: ChildProcess; client: AnalyzerClient }> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let stderr = "";
        child.stderr!.on("data", (chunk) => { stderr += chunk; });
        child.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
        child.stdout!.once("data", (chunk) => {
            const port = Number(String(chunk).trim());
            resolve({ child, client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) });
        });
    });
}

function analyzerResource(resource: CheckedResource): AnalyzerResource {
    const options = new AnalyzerResourceOptions();
    options.setProtect(resource.protect);
    options.setIgnorechangesList(resource.ignoreChanges);
    const message = new AnalyzerResource();
    message.setUrn(resource.urn);
    message.setType(resource.type);
    message.setName(resource.name);
    message.setProperties(Struct.fromJavaScript(resource.props as Record<string, never>));
    message.setParent(resource.parent);
    message.setDependenciesList(resource.dependencies);
    message.setOptions(options);
    for (const [input, urns] of Object.entries(resource.propertyDependencies)) {
        const deps = new AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        message.getPropertydependenciesMap().set(input, deps);
    }
    return message;
}

function analyzeStack(client: AnalyzerClient, resources: CheckedResource[]): Promise<AnalyzeResponse> {
    const request = new AnalyzeStackRequest();
    request.setResourcesList(resources.map(analyzerResource));
    return new Promise((resolve, reject) => client.analyzeStack(request, (error, response) => (error ? reject(error) : resolve(response!))));
}

describe("policies: the policy pack under @pulumi/policy", function () {
    this.timeout(60000);
    let pack: { child: ChildProcess; client: AnalyzerClient };

    before(async () => {
        pack = await startPack();
    });

    after(() => {
        pack?.client.close();
        pack?.child.removeAllListeners("exit");
        pack?.child.kill();
    });

    it("serves every rule as a policy, high and critical ones mandatory, with the package's version", async () => {
        const info = await new Promise<AnalyzerInfo>((resolve, reject) =>
            pack.client.getAnalyzerInfo(new Empty(), (error, response) => (error ? reject(error) : resolve(response!))));
        const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
        assert.equal(info.getName(), "anycloud");
        assert.equal(info.getVersion(), version, "policies/pack/package.json keeps the package's version");
        const policies = new Map(info.getPoliciesList().map((p) => [p.getName(), p]));
        assert.deepEqual([...policies.keys()].sort(), ALL_RULES.map((r) => r.id).sort());
        for (const rule of ALL_RULES) {
            const mandatory = rule.severity === "critical" || rule.severity === "high";
            assert.equal(policies.get(rule.id)!.getEnforcementlevel(), mandatory ? EnforcementLevel.MANDATORY : EnforcementLevel.ADVISORY, rule.id);
        }
    });

    for (const stack of ["aws-prod", "azure-prod", "gcp-prod"]) {
        it(`finds no violation in the ${stack} reference stack, and reports a broken one`, async () => {
            const resources = await referenceResources(stack);
            const clean = await analyzeStack(pack.client, resources);
            assert.deepEqual(clean.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()} (${d.getUrn()})`), []);
            const broken = brokenCopy(resources);
            const response = await analyzeStack(pack.client, broken.resources);
            const hit = response.getDiagnosticsList().find((d) => d.getPolicyname() === broken.rule && d.getUrn() === broken.urn);
            assert.ok(hit, `${broken.rule} should report ${broken.urn}; got ${response.getDiagnosticsList().map((d) => d.getPolicyname()).join(", ")}`);
            assert.equal(hit.getEnforcementlevel(), EnforcementLevel.MANDATORY);
        });
    }
});

/** A deep copy of props with the value at a dotted path replaced. */
function withValue(props: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
    const steps = path.split(".");
    let node = copy;
    for (const step of steps.slice(0, -1)) {
        node[step] = (node[step] as Record<string, unknown> | undefined) ?? {};
        node = node[step] as Record<string, unknown>;
    }
    node[steps[steps.length - 1]] = value;
    return copy;
}

/** Per cloud: the database opened to the internet, and the rule that must say so. */
const BREAKERS: { type: string; rule: string; path: string; value: unknown }[] = [
    { type: "aws:rds/clusterInstance:ClusterInstance", rule: "aws-rds-no-public-instance", path: "publiclyAccessible", value: true },
    { type: "azure-native:dbforpostgresql:Server", rule: "azure-postgres-public-network-access-disabled", path: "network.publicNetworkAccess", value: "Enabled" },
    { type: "gcp:sql/databaseInstance:DatabaseInstance", rule: "gcp-sql-no-public-ip", path: "settings.ipConfiguration.ipv4Enabled", value: true },
];

function brokenCopy(resources: CheckedResource[]): { resources: CheckedResource[]; rule: string; urn: string } {
    const breaker = BREAKERS.find((b) => resources.some((r) => r.type === b.type));
    assert.ok(breaker, "no breaker for this stack");
    const target = resources.find((r) => r.type === breaker.type)!;
    return {
        resources: resources.map((r) => (r === target ? { ...r, props: withValue(r.props, breaker.path, breaker.value) } : r)),
        rule: breaker.rule,
        urn: target.urn,
    };
}
