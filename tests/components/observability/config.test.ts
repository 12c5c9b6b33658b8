import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../../components/config";
import { expectProblem, problemsOf } from "../../helpers/config";
import { AWS_DEV_CONFIG, toStackConfig } from "../../helpers/record";

const withObservability = (observability: unknown, extra: Record<string, unknown> = {}) => ({ ...AWS_DEV_CONFIG, ...extra, observability });
const SMTP = { smarthost: "smtp.acme.example:587", from: "alerts@acme.example" };

describe("anycloud:observability config", () => {
    it("turns both stacks on by default, internal, with one Elasticsearch node in dev", () => {
        const { observability } = loadPlatformArgs(toStackConfig(AWS_DEV_CONFIG));
        assert.equal(observability.monitoring.enabled, true);
        assert.equal(observability.logging.enabled, true);
        assert.equal(observability.exposure, "internal");
        assert.equal(observability.logging.elasticsearchNodes, 1);
        assert.equal(observability.monitoring.retentionDays, 7);
    });

    it("defaults prod to three Elasticsearch nodes and a month of logs and metrics", () => {
        const { observability } = loadPlatformArgs(toStackConfig({ ...AWS_DEV_CONFIG, environment: "prod" }));
        assert.equal(observability.logging.elasticsearchNodes, 3);
        assert.equal(observability.logging.retentionDays, 30);
        assert.equal(observability.monitoring.retentionDays, 30);
    });

    it("refuses two Elasticsearch nodes and says why", () => {
        expectProblem(withObservability({ logging: { elasticsearchNodes: 2 } }), "anycloud:observability.logging.elasticsearchNodes", /cannot survive losing a node.*use 1, or 3 or more/, 2);
        assert.deepEqual(problemsOf(withObservability({ logging: { enabled: false, elasticsearchNodes: 2 } })), [], "irrelevant when logging is off");
    });

    it("needs an SMTP relay for alert mail, and a username with a password", () => {
        expectProblem(withObservability({ monitoring: { alertEmails: ["ops@acme.example"] } }), "anycloud:observability.monitoring.smtp", /required when monitoring.alertEmails is set/);
        expectProblem(withObservability({ monitoring: { alertEmails: ["ops@acme.example"], smtp: { ...SMTP, password: "x" } } }), "anycloud:observability.monitoring.smtp.username", /required when smtp.password is set/);
        assert.deepEqual(problemsOf(withObservability({ monitoring: { alertEmails: ["ops@acme.example"], smtp: SMTP } })), []);
    });

    it("checks addresses, the relay's host:port, exposure and ranges, all at once", () => {
        const problems = problemsOf(withObservability({
            monitoring: { alertEmails: ["ops"], smtp: { smarthost: "smtp.acme.example", from: "alerts@acme.example" }, retentionDays: 0 },
            logging: { storageGb: 1 },
            exposure: "public",
        }));
        assert.deepEqual(problems.map((p) => p.key).sort(), [
            "anycloud:observability.exposure",
            "anycloud:observability.logging.storageGb",
            "anycloud:observability.monitoring.alertEmails[0]",
            "anycloud:observability.monitoring.retentionDays",
            "anycloud:observability.monitoring.smtp.smarthost",
        ]);
        assert.match(problems.find((p) => p.key === "anycloud:observability.exposure")!.message, /one of: internal, allowlist/);
    });

    it("refuses allowlist exposure with an empty allowlist (an empty source range list is the whole internet)", () => {
        expectProblem(withObservability({ exposure: "allowlist" }, { allowedCidrs: [], cluster: { apiAccess: "private" } }), "anycloud:observability.exposure", /admits only allowedCidrs, which is empty/);
    });

    it("rejects unknown keys inside observability", () => {
        expectProblem(withObservability({ logging: { replicas: 3 } }), "anycloud:observability.logging.replicas", /not a known setting/);
    });

    it("never prints a webhook URL or SMTP password in a problem", () => {
        const secret = "https://hooks.example.com/T000/SECRET";
        const problems = problemsOf(withObservability({ monitoring: { alertWebhookUrl: secret, alertEmails: ["ops"], smtp: { ...SMTP, password: "hunter2", smarthost: "bad", port: 25 } } }));
        // The bad smarthost and the unknown port leave the rest of smtp judged: a password without a username.
        assert.deepEqual(problems.map((p) => p.key), [
            "anycloud:observability.monitoring.alertEmails[0]",
            "anycloud:observability.monitoring.smtp.smarthost",
            "anycloud:observability.monitoring.smtp.port",
            "anycloud:observability.monitoring.smtp.username",
        ], JSON.stringify(problems));
        const text = JSON.stringify(problems);
        assert.ok(!text.includes("SECRET") && !text.includes("hunter2"), text);
    });
});
