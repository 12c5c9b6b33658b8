import { strict as assert } from "assert";
import { loadPlatformArgs } from "../../components/config";
import { platformContext } from "../../components/context";
import { AWS_MAX_TAGS, AWS_TAGS_BESIDES_USERS } from "../../providers/aws/validation";
import { AZURE_PRIVATE_DNS_MAX_TAGS, AZURE_MAX_TAGS, AZURE_TAGS_BESIDES_USERS } from "../../providers/azure/validation";
import { GCP_LABELS_BESIDES_USERS, GCP_MAX_LABELS } from "../../providers/gcp/validation";
import { expectProblem, problemsOf } from "../helpers/config";
import { AWS_DEV_CONFIG, AZURE_DEV_CONFIG, GCP_DEV_CONFIG, toStackConfig } from "../helpers/record";

const CLOUDS = { aws: AWS_DEV_CONFIG, azure: AZURE_DEV_CONFIG, gcp: GCP_DEV_CONFIG };
const withTags = (base: Record<string, unknown>, tags: Record<string, string>, extra: Record<string, unknown> = {}) => ({ ...base, ...extra, tags });
/** `count` distinct tags valid on every cloud. */
const manyTags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`team-${i}`, "ops"]));

describe("anycloud:tags", () => {
    it("accepts tags that are valid on every cloud and puts them beside the taxonomy", () => {
        const tags = { "cost-center": "cc-4711", owner: "platform_team" };
        for (const base of Object.values(CLOUDS)) {
            assert.deepEqual(problemsOf(withTags(base, tags)), []);
        }
        const context = platformContext(loadPlatformArgs(toStackConfig(withTags(AWS_DEV_CONFIG, tags))));
        assert.equal(context.tags["cost-center"], "cc-4711");
        assert.equal(context.tags.customer, "acme");
    });

    describe("on every cloud", () => {
        it("reserves the taxonomy's keys, in any case, and names where each value comes from", () => {
            for (const base of Object.values(CLOUDS)) {
                expectProblem(withTags(base, { customer: "globex" }), "anycloud:tags.customer", /reserved: anycloud sets the "customer" tag itself, from anycloud:customer/, "globex");
                expectProblem(withTags(base, { "cost-type": "project" }), "anycloud:tags.cost-type", /from anycloud:billing\.costTypes/, "project");
                expectProblem(withTags(base, { component: "db" }), "anycloud:tags.component", /reserved/);
                expectProblem(withTags(base, { "managed-by": "terraform" }), "anycloud:tags.managed-by", /reserved/);
            }
            expectProblem(withTags(AWS_DEV_CONFIG, { Environment: "production" }), "anycloud:tags.Environment", /reserved: anycloud sets the "environment" tag itself, from anycloud:environment/, "production");
        });

        it("keeps the schema's lengths: keys 1-128, values 0-256", () => {
            expectProblem(withTags(AWS_DEV_CONFIG, { ["k".repeat(129)]: "v" }), `anycloud:tags.${"k".repeat(129)}`, /has a key that must be at most 128 character/, "k".repeat(129));
            expectProblem(withTags(AZURE_DEV_CONFIG, { team: "v".repeat(257) }), "anycloud:tags.team", /at most 256 character/);
            expectProblem(withTags(AWS_DEV_CONFIG, { "": "v" }), "anycloud:tags.", /has a key that must be at least 1 character/);
            assert.deepEqual(problemsOf(withTags(AWS_DEV_CONFIG, { empty: "" })), [], "an empty value is a tag like any other");
        });
    });

    describe("AWS", () => {
        it("refuses the aws: prefix on keys and values, in any case", () => {
            expectProblem(withTags(AWS_DEV_CONFIG, { "aws:team": "ops" }), "anycloud:tags.aws:team", /key starts with "aws:", which AWS keeps for its own tags/, "ops");
            expectProblem(withTags(AWS_DEV_CONFIG, { team: "AWS:ops" }), "anycloud:tags.team", /value starts with "aws:"/, "AWS:ops");
        });

        it("refuses characters outside letters, digits, spaces and + - = . _ : / @, naming all a tag breaks", () => {
            const problem = expectProblem(withTags(AWS_DEV_CONFIG, { "team#1": "a,b" }), "anycloud:tags.team#1", /key "team#1" has characters AWS tags refuse; its value has characters/, "a,b");
            assert.match(problem.message, /letters, digits, spaces and \+ - = \. _ : \/ @/);
            assert.deepEqual(problemsOf(withTags(AWS_DEV_CONFIG, { "Cost Center": "R&D".replace("&", "+"), "team:owner": "ops@acme.example", Straße: "Größe 1" })), []);
        });

        it("counts the tags anycloud and EKS put on a resource against AWS's 50", () => {
            const room = AWS_MAX_TAGS - AWS_TAGS_BESIDES_USERS;
            assert.deepEqual(problemsOf(withTags(AWS_DEV_CONFIG, manyTags(room))), []);
            expectProblem(withTags(AWS_DEV_CONFIG, manyTags(room + 1)), "anycloud:tags", new RegExp(`has ${room + 1} tags; AWS takes 50 on a resource.*at most ${room} are yours`));
        });
    });

    describe("Azure", () => {
        it("refuses < > % & \\ ? / in tag names, not in values", () => {
            expectProblem(withTags(AZURE_DEV_CONFIG, { "team/owner": "ops" }), "anycloud:tags.team/owner", /its name has \/, which Azure refuses in tag names/, "ops");
            expectProblem(withTags(AZURE_DEV_CONFIG, { "a<b>%": "ops" }), "anycloud:tags.a<b>%", /its name has < > %/);
            assert.deepEqual(problemsOf(withTags(AZURE_DEV_CONFIG, { team: "a/b?c&d" })), []);
        });

        it("refuses two names that differ only in case: Azure tag names ignore case", () => {
            expectProblem(withTags(AZURE_DEV_CONFIG, { Team: "a", team: "b" }), "anycloud:tags.team", /same Azure tag as "Team"/, "b");
        });

        it("counts against 50 tags, and 15 where the database's Private DNS zone is", () => {
            const room = AZURE_MAX_TAGS - AZURE_TAGS_BESIDES_USERS;
            assert.deepEqual(problemsOf(withTags(AZURE_DEV_CONFIG, manyTags(room))), []);
            expectProblem(withTags(AZURE_DEV_CONFIG, manyTags(room + 1)), "anycloud:tags", /Azure takes 50 tags on a resource/);
            const dnsRoom = AZURE_PRIVATE_DNS_MAX_TAGS - AZURE_TAGS_BESIDES_USERS;
            const withDatabase = { database: { enabled: true } };
            assert.deepEqual(problemsOf(withTags(AZURE_DEV_CONFIG, manyTags(dnsRoom), withDatabase)), []);
            expectProblem(withTags(AZURE_DEV_CONFIG, manyTags(dnsRoom + 1), withDatabase), "anycloud:tags", new RegExp(`Private DNS zone takes 15 tags.*at most ${dnsRoom} are yours`));
        });
    });

    describe("GCP", () => {
        it("refuses what is not a label instead of rewriting it: uppercase, a leading digit, other characters, too long", () => {
            expectProblem(withTags(GCP_DEV_CONFIG, { Team: "ops" }), "anycloud:tags.Team", /not a valid GCP label \(anycloud does not rewrite your tags\): its key must be 1-63 lowercase letters/, "ops");
            expectProblem(withTags(GCP_DEV_CONFIG, { "9lives": "ops" }), "anycloud:tags.9lives", /starting with a lowercase letter/);
            expectProblem(withTags(GCP_DEV_CONFIG, { team: "Ops.EU" }), "anycloud:tags.team", /its value must be 0-63 lowercase letters, digits, _ or -/, "Ops.EU");
            expectProblem(withTags(GCP_DEV_CONFIG, { ["k".repeat(64)]: "v" }), `anycloud:tags.${"k".repeat(64)}`, /its key must be 1-63/);
            expectProblem(withTags(GCP_DEV_CONFIG, { team: "v".repeat(64) }), "anycloud:tags.team", /its value must be 0-63/);
        });

        it("takes international lowercase letters, and refuses a value past 128 bytes", () => {
            assert.deepEqual(problemsOf(withTags(GCP_DEV_CONFIG, { équipe: "exploitation", 团队: "运维", owner: "" })), []);
            expectProblem(withTags(GCP_DEV_CONFIG, { team: "运".repeat(60) }), "anycloud:tags.team", /at most 128 bytes/);
        });

        it("counts the labels anycloud puts on a resource against GCP's 64", () => {
            const room = GCP_MAX_LABELS - GCP_LABELS_BESIDES_USERS;
            assert.deepEqual(problemsOf(withTags(GCP_DEV_CONFIG, manyTags(room))), []);
            expectProblem(withTags(GCP_DEV_CONFIG, manyTags(room + 1)), "anycloud:tags", new RegExp(`GCP takes 64 labels.*at most ${room} are yours`));
        });
    });

    it("reports every bad tag at once, with the other settings' problems", () => {
        const problems = problemsOf({ ...GCP_DEV_CONFIG, region: "mars-1", tags: { Team: "a", customer: "b", ok: "fine" } });
        assert.deepEqual(problems.map((p) => p.key).sort(), ["anycloud:region", "anycloud:tags.Team", "anycloud:tags.customer"]);
    });
});
