import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { FLUENT_BIT_OUTPUTS } from "../../../components/observability/log-shipping";
import { logRoles } from "../../../components/observability/logging";
import { CHARTS, ELASTIC_STACK_VERSION, NAMES, NAMESPACES } from "../../../components/observability/shared";
import { Recording, ResourceRecord } from "../../../plan/recorder";
import { input, single, toStackConfig } from "../../helpers/record";
import {
    allowlist, assertRequestsAndMemoryLimit, CLOUD_NAMES, CLOUDS, CloudName, ELASTICSEARCH, generatedPasswords, internal, JOB, KIBANA,
    LOGGING, mustRelease, recordAll, secretNamed, StackName,
} from "./stacks";

interface Container {
    name: string;
    env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    resources?: unknown;
    securityContext?: Record<string, unknown>;
}

const nodeSet = (recording: Recording) => input<Record<string, unknown>[]>(single(recording, ELASTICSEARCH), "spec.nodeSets")[0];
const jobContainer = (recording: Recording) => input<Container[]>(single(recording, JOB), "spec.template.spec.containers")[0];
const jobBody = (recording: Recording, variable: "POLICY_BODY" | "TEMPLATE_BODY") =>
    JSON.parse(jobContainer(recording).env!.find((e) => e.name === variable)!.value!);

/** "Key Value" lines of one classic-format section. */
function settingsOf(section: string): Map<string, string> {
    return new Map(section.split("\n").slice(1).map((line) => {
        const [key, ...value] = line.trim().split(/\s+/);
        return [key, value.join(" ")];
    }));
}

describe("Observability: logging (ECK, Elasticsearch, Kibana, Fluent Bit)", () => {
    let stacks: Record<StackName, Recording>;
    /** One Elasticsearch node and LOGGING's retention and storage. */
    const oneNode = (cloud: CloudName) => stacks[internal(cloud)];
    /** Three Elasticsearch nodes, the dev defaults otherwise. */
    const three = (cloud: CloudName) => stacks[allowlist(cloud)];

    before(async () => {
        stacks = await recordAll([...CLOUD_NAMES.map(internal), ...CLOUD_NAMES.map(allowlist)]);
    });

    for (const cloud of CLOUD_NAMES) {
        describe(`on ${cloud}`, () => {
            it("installs the pinned ECK operator and Fluent Bit charts, atomically, in the logging namespace", () => {
                for (const chart of [CHARTS.eckOperator, CHARTS.fluentBit]) {
                    const release = mustRelease(oneNode(cloud), chart.chart);
                    assert.equal(input(release, "version"), chart.version, chart.chart);
                    assert.equal(input(release, "repositoryOpts.repo"), chart.repo, chart.chart);
                    assert.equal(input(release, "namespace"), NAMESPACES.logging, chart.chart);
                    assert.equal(input(release, "atomic"), true, chart.chart);
                }
            });

            it("runs Elasticsearch and Kibana at the pinned stack version, Kibana on that Elasticsearch", () => {
                const elasticsearch = single(oneNode(cloud), ELASTICSEARCH);
                const kibana = single(oneNode(cloud), KIBANA);
                assert.equal(input(elasticsearch, "spec.version"), ELASTIC_STACK_VERSION);
                assert.equal(input(kibana, "spec.version"), ELASTIC_STACK_VERSION);
                assert.equal(input(elasticsearch, "metadata.namespace"), NAMESPACES.logging);
                assert.equal(input(kibana, "metadata.namespace"), NAMESPACES.logging);
                assert.deepEqual(input(kibana, "spec.elasticsearchRef"), { name: input(elasticsearch, "metadata.name") });
            });

            it(`keeps every Elasticsearch node's data on the adapter's class (${CLOUDS[cloud].storageClass}), at the configured size`, () => {
                const claims = nodeSet(oneNode(cloud)).volumeClaimTemplates as { metadata: { name: string }; spec: { storageClassName: string; resources: { requests: { storage: string } } } }[];
                assert.equal(claims.length, 1);
                assert.equal(claims[0].metadata.name, "elasticsearch-data", "the name ECK mounts as the data path");
                assert.equal(claims[0].spec.storageClassName, CLOUDS[cloud].storageClass);
                assert.equal(claims[0].spec.resources.requests.storage, `${LOGGING.storageGb}Gi`);
                assert.equal((nodeSet(three(cloud)).volumeClaimTemplates as typeof claims)[0].spec.storageClassName, CLOUDS[cloud].storageClass);
            });
        });
    }

    it("keeps HTTP TLS on and the operator's telemetry off", () => {
        const elasticsearch = single(oneNode("aws"), ELASTICSEARCH);
        assert.notEqual(input(elasticsearch, "spec.http.tls.selfSignedCertificate.disabled"), true);
        const operator = mustRelease(oneNode("aws"), CHARTS.eckOperator.chart);
        assert.equal(input(operator, "values.telemetry.disabled"), true);
        assert.deepEqual(input(operator, "values.managedNamespaces"), [NAMESPACES.logging]);
        assert.equal(input<Record<string, unknown>>(single(oneNode("aws"), KIBANA), "spec.config")["telemetry.optIn"], false);
    });

    describe("one node or three", () => {
        it("runs the configured number of nodes", () => {
            assert.equal(nodeSet(oneNode("aws")).count, 1);
            for (const cloud of CLOUD_NAMES) {
                assert.equal(nodeSet(three(cloud)).count, 3, cloud);
            }
        });

        it("keeps no replica on one node (it could never be placed) and one on three", () => {
            assert.equal(jobBody(oneNode("aws"), "TEMPLATE_BODY").template.settings["index.number_of_replicas"], 0);
            assert.equal(jobBody(three("aws"), "TEMPLATE_BODY").template.settings["index.number_of_replicas"], 1);
        });

        it("spreads nodes over zones only when there are three or more", () => {
            assert.equal(nodeSet(oneNode("aws")).zoneAwareness, undefined);
            for (const cloud of CLOUD_NAMES) {
                assert.deepEqual(nodeSet(three(cloud)).zoneAwareness, { topologyKey: "topology.kubernetes.io/zone" }, cloud);
            }
        });

        it("keeps ECK's disruption budget for any node count (it lets a single node drain)", () => {
            for (const cloud of CLOUD_NAMES) {
                assert.ok(!("podDisruptionBudget" in input<object>(single(three(cloud), ELASTICSEARCH), "spec")), cloud);
            }
            assert.ok(!("podDisruptionBudget" in input<object>(single(oneNode("aws"), ELASTICSEARCH), "spec")));
        });
    });

    describe("Elasticsearch users", () => {
        const privileges = (role: string) => (logRoles()[role] as { cluster?: string[]; indices: { names: string[]; privileges: string[] }[] });

        it("lets Fluent Bit only add documents to the log indices: no read, overwrite, delete or cluster rights", () => {
            const writer = privileges("anycloud_log_writer");
            assert.equal(writer.cluster, undefined);
            assert.deepEqual(writer.indices, [{ names: [`${NAMES.logIndexPrefix}-*`], privileges: ["create_doc", "auto_configure"] }]);
            assert.match(FLUENT_BIT_OUTPUTS, /Write_Operation create\n/, "the output's bulk operation is the one the role permits");
        });

        it("lets Grafana only read the log indices", () => {
            const reader = privileges("anycloud_log_reader");
            assert.deepEqual(reader.indices, [{ names: [`${NAMES.logIndexPrefix}-*`], privileges: ["read", "view_index_metadata"] }]);
            assert.deepEqual(reader.cluster, ["monitor"], "read-only cluster information (its version)");
        });
    });

    describe("index lifecycle", () => {
        it("deletes log indices retentionDays after creation, through the policy the Job puts", () => {
            const policy = jobBody(oneNode("aws"), "POLICY_BODY");
            assert.deepEqual(policy.policy.phases.delete, { min_age: `${LOGGING.retentionDays}d`, actions: { delete: {} } });
            assert.deepEqual(Object.keys(policy.policy.phases), ["delete"]);
            const template = jobBody(oneNode("aws"), "TEMPLATE_BODY");
            assert.equal(template.template.settings["index.lifecycle.name"], "anycloud-logs");
            assert.deepEqual(template.index_patterns, [`${NAMES.logIndexPrefix}-*`]);
            const devDefault = loadPlatformArgs(toStackConfig(CLOUDS.aws.config)).observability.logging.retentionDays;
            assert.equal(jobBody(three("aws"), "POLICY_BODY").policy.phases.delete.min_age, `${devDefault}d`, "dev's default");
        });

        it("is a new Job when the policy changes (a Job's template cannot be updated)", () => {
            const names = [oneNode("aws"), three("aws")].map((recording) => input(single(recording, JOB), "metadata.name"));
            assert.notEqual(names[0], names[1]);
        });

        it("logs in as elastic from ECK's Secret and trusts only the observability CA", () => {
            const container = jobContainer(oneNode("aws"));
            const password = container.env!.find((e) => e.name === "ES_PASSWORD")!;
            assert.deepEqual(password, { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: NAMES.elasticUserSecret, key: "elastic" } } });
            const volumes = input<{ name: string; configMap?: { name: string; items: unknown[] } }[]>(single(oneNode("aws"), JOB), "spec.template.spec.volumes");
            assert.deepEqual(volumes.find((v) => v.name === "ca")?.configMap, { name: NAMES.caConfigMap, items: [{ key: "ca.crt", path: "ca.crt" }] });
            assert.equal(container.env!.find((e) => e.name === "ES_CA")?.value, "/etc/elasticsearch-ca/ca.crt");
        });
    });

    describe("Fluent Bit", () => {
        const fluentBit = (recording: Recording) => mustRelease(recording, CHARTS.fluentBit.chart);
        const values = <T = unknown>(release: ResourceRecord, path: string) => input<T>(release, `values.${path}`);

        it("ships to ECK's Elasticsearch over TLS, verifying the certificate and host name", () => {
            const output = settingsOf(values<string>(fluentBit(oneNode("aws")), "config.outputs"));
            assert.equal(output.get("Name"), "es");
            assert.equal(output.get("Host"), `${NAMES.elasticsearchService}.${NAMESPACES.logging}.svc`);
            assert.equal(output.get("tls"), "On");
            assert.equal(output.get("tls.verify"), "On");
            assert.equal(output.get("tls.verify_hostname"), "On");
            assert.ok(output.get("tls.ca_file"), "trusts ECK's CA");
            assert.equal(values(fluentBit(oneNode("aws")), "config.outputs"), FLUENT_BIT_OUTPUTS);
        });

        it("takes the writer's credentials from its Secret, never as literal values", () => {
            const release = fluentBit(oneNode("aws"));
            const env = values<Container["env"]>(release, "env")!;
            assert.equal(env.length, 2);
            for (const variable of env) {
                assert.equal(variable.value, undefined, variable.name);
                assert.equal(variable.valueFrom?.secretKeyRef?.name, "logs-writer-user", variable.name);
            }
            const output = settingsOf(values<string>(release, "config.outputs"));
            const byKey = Object.fromEntries(env.map((e) => [e.valueFrom!.secretKeyRef!.key, `\${${e.name}}`]));
            assert.equal(output.get("HTTP_User"), byKey.username);
            assert.equal(output.get("HTTP_Passwd"), byKey.password);
            const writer = secretNamed(oneNode("aws"), "logs-writer-user")!;
            assert.ok(writer.secretInputs.includes("stringData"));
            const text = JSON.stringify(release.inputs);
            assert.ok(generatedPasswords(oneNode("aws")).every((password) => !text.includes(password)));
        });

        it("runs with a restrictive security context on every node, tainted ones included", () => {
            const release = fluentBit(oneNode("aws"));
            const context = values<Record<string, unknown>>(release, "securityContext");
            assert.equal(context.readOnlyRootFilesystem, true);
            assert.equal(context.allowPrivilegeEscalation, false);
            assert.equal(context.privileged, false);
            assert.deepEqual(context.capabilities, { drop: ["ALL"] });
            assert.deepEqual(values(release, "tolerations"), [{ operator: "Exists" }]);
            assert.equal(values(release, "kind"), "DaemonSet");
            const mounts = values<{ name: string; mountPath: string; readOnly?: boolean }[]>(release, "daemonSetVolumeMounts");
            assert.equal(mounts.find((m) => m.mountPath === "/var/log")?.readOnly, true, "reads the node's logs, writes none");
        });
    });

    it("requests CPU and memory, and caps memory, for every workload it configures", () => {
        const recording = oneNode("aws");
        assertRequestsAndMemoryLimit(input(mustRelease(recording, CHARTS.eckOperator.chart), "values.resources"), "eck-operator");
        assertRequestsAndMemoryLimit(input(mustRelease(recording, CHARTS.fluentBit.chart), "values.resources"), "fluent-bit");
        const containers: [string, Container[]][] = [
            ["Elasticsearch", (nodeSet(recording).podTemplate as { spec: { containers: Container[] } }).spec.containers],
            ["Kibana", input<Container[]>(single(recording, KIBANA), "spec.podTemplate.spec.containers")],
            ["lifecycle Job", input<Container[]>(single(recording, JOB), "spec.template.spec.containers")],
        ];
        for (const [owner, list] of containers) {
            assert.ok(list.length > 0, owner);
            for (const container of list) {
                assertRequestsAndMemoryLimit(container.resources, `${owner} ${container.name}`);
                assert.equal(container.securityContext?.allowPrivilegeEscalation, false, `${owner} ${container.name}`);
                assert.deepEqual(container.securityContext?.capabilities, { drop: ["ALL"] }, `${owner} ${container.name}`);
                assert.equal(container.securityContext?.readOnlyRootFilesystem, true, `${owner} ${container.name}`);
            }
        }
    });
});
