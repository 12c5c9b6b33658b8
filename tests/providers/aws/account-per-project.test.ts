import { strict as assert } from "assert";
import { Problem } from "../../../components/errors";
import { Recording } from "../../../plan/recorder";
import { ACCOUNT_ACCESS_ROLE, ACCOUNT_IGNORED_CHANGES, accountRoleArn, NEW_ACCOUNT_SETTLE_MS, settleDelayMs } from "../../../providers/aws/account-per-project";
import { awsAccountRules } from "../../../providers/aws/account-validation";
import { REPLACEMENT_INPUTS } from "../../../providers/aws/replacement-inputs";
import { AWS_DEV_CONFIG, input, mocked, ofType, recordStack, single } from "../../helpers/record";

const ACCOUNT = "aws:organizations/account:Account";
const PROVIDER = "pulumi:providers:aws";
const OWN_ACCOUNT = {
    ...AWS_DEV_CONFIG,
    billing: { accountPerProject: true },
    aws: { accountEmail: "aws+acme-transit-dev@acme.example", organizationalUnitId: "ou-ab12-cd34ef56" },
};

/** Provider config travels as JSON text, as the engine hands it to the plugin. */
const json = <T>(record: Parameters<typeof input>[0], path: string) => JSON.parse(input<string>(record, path)) as T;
const stashOf = (recording: Recording) => single(recording, "pulumi:index:Stash", "-account-mode-created-with");
const createdWith = (value: boolean) => ({
    "pulumi:index:Stash": (args: { name: string }) => (args.name.endsWith("-account-mode-created-with") ? { output: { "anycloud:billing.accountPerProject": String(value) } } : undefined),
});

function problems(settings: Record<string, unknown>): Problem[] {
    const found: Problem[] = [];
    awsAccountRules(settings as never, (path, value, message) => found.push({ key: `anycloud:${path.join(".")}`, value, message }));
    return found;
}

describe("AWS account per customer project (billing.accountPerProject)", () => {
    let off: Recording;
    let own: Recording;
    before(async () => {
        // One at a time: the mock runtime is global.
        off = await recordStack(AWS_DEV_CONFIG);
        own = await recordStack(OWN_ACCOUNT);
    });

    it("is off by default: no account, one provider in the deployer's account, and the choice kept in the state", () => {
        assert.equal(ofType(off, ACCOUNT).length, 0);
        const providers = ofType(off, PROVIDER);
        assert.deepEqual(providers.map((p) => p.name), ["platform-aws"]);
        assert.equal(input(providers[0], "assumeRoles"), undefined);
        assert.deepEqual(input(stashOf(off), "input"), { "anycloud:billing.accountPerProject": "false" });
    });

    it("creates the account with the organization's provider, from the config, and never lets a deploy close or replace it", () => {
        const account = single(own, ACCOUNT);
        assert.deepEqual(
            { name: input(account, "name"), email: input(account, "email"), parentId: input(account, "parentId"), roleName: input(account, "roleName") },
            { name: "acme-transit-dev", email: "aws+acme-transit-dev@acme.example", parentId: "ou-ab12-cd34ef56", roleName: ACCOUNT_ACCESS_ROLE },
        );
        assert.equal(input(account, "iamUserAccessToBilling"), "ALLOW");
        assert.equal(input(account, "closeOnDeletion"), false);
        assert.equal(account.options.protect, true);
        assert.deepEqual(account.options.ignoreChanges.sort(), ["email", "iamUserAccessToBilling", "name", "parentId", "roleName"]);
        assert.equal(input<Record<string, string>>(account, "tags").component, "billing");
        const organization = single(own, PROVIDER, "-aws-organization");
        assert.ok(account.options.provider.startsWith(`${organization.urn}::`), "the account is the management account's to create");
        assert.equal(input(organization, "assumeRoles"), undefined);
    });

    it("ignores exactly the inputs that would replace the account", () => {
        assert.deepEqual([...ACCOUNT_IGNORED_CHANGES].sort(), [...REPLACEMENT_INPUTS[ACCOUNT].inputs].sort());
    });

    it("points the platform's provider into the new account through its access role, with the same region and tags", () => {
        const account = single(own, ACCOUNT);
        const platform = single(own, PROVIDER, "platform-aws");
        assert.deepEqual(json(platform, "assumeRoles"), [{ roleArn: `arn:aws:iam::${mocked(account).id}:role/${ACCOUNT_ACCESS_ROLE}`, sessionName: "anycloud" }]);
        assert.equal(input(platform, "region"), "eu-central-1");
        assert.deepEqual(json(platform, "defaultTags"), json(single(off, PROVIDER), "defaultTags"));
    });

    it("builds every component in the new account: the VPC and the cluster go through the assuming provider", () => {
        const platform = single(own, PROVIDER, "platform-aws");
        for (const type of ["aws:ec2/vpc:Vpc", "aws:kms/key:Key", "aws:iam/role:Role"]) {
            for (const resource of ofType(own, type)) {
                assert.ok(resource.options.provider.startsWith(`${platform.urn}::`), `${resource.name} lands outside the project's account`);
            }
        }
        assert.ok(ofType(own, "aws:ec2/vpc:Vpc").length === 1);
    });

    it("creates the account only once the kept choice allows it", () => {
        assert.ok(single(own, ACCOUNT).dependencies.includes(stashOf(own).urn));
        assert.ok(single(own, PROVIDER, "platform-aws").dependencies.includes(stashOf(own).urn));
    });

    it("refuses to turn the account on, or off, for a stack that exists", async () => {
        await assert.rejects(recordStack(OWN_ACCOUNT, "test", { priorState: createdWith(false) }),
            /anycloud:billing\.accountPerProject = "true": was "false" when the platform was created and cannot change without moving every resource into another account/);
        await assert.rejects(recordStack(AWS_DEV_CONFIG, "test", { priorState: createdWith(true) }),
            /anycloud:billing\.accountPerProject = "false": was "true" when the platform was created/);
    });

    it("waits for a just-created account to settle, and never for an older one", () => {
        const joined = "2026-05-01T10:00:00Z";
        const at = Date.parse(joined);
        assert.equal(settleDelayMs(joined, at), NEW_ACCOUNT_SETTLE_MS);
        assert.equal(settleDelayMs(joined, at + 60_000), NEW_ACCOUNT_SETTLE_MS - 60_000);
        assert.equal(settleDelayMs(joined, at + NEW_ACCOUNT_SETTLE_MS + 1), 0);
        assert.equal(settleDelayMs(undefined, at), 0);
    });

    it("names the role in the account's partition", () => {
        assert.equal(accountRoleArn("arn:aws-cn:organizations::111111111111:account/o-abc/222222222222", "222222222222", ACCOUNT_ACCESS_ROLE), `arn:aws-cn:iam::222222222222:role/${ACCOUNT_ACCESS_ROLE}`);
    });

    describe("validation", () => {
        it("asks for the new account's root e-mail and explains the optional organizational unit", () => {
            const [problem, ...rest] = problems({ billing: { accountPerProject: true }, aws: {} });
            assert.deepEqual(rest, []);
            assert.equal(problem.key, "anycloud:aws.accountEmail");
            assert.match(problem.message, /required when billing\.accountPerProject is on: the e-mail address of the new account's root user/);
            assert.match(problem.message, /anycloud:aws\.organizationalUnitId \(ou-\.\.\. or r-\.\.\.\) optionally places the account/);
        });

        it("refuses an e-mail longer than AWS Organizations takes", () => {
            const email = `${"a".repeat(60)}@acme.example`;
            assert.deepEqual(problems({ billing: { accountPerProject: true }, aws: { accountEmail: email } }).map((p) => [p.key, p.value]), [["anycloud:aws.accountEmail", email]]);
        });

        it("asks nothing when the platform stays in the deployer's account", () => {
            assert.deepEqual(problems({ billing: { accountPerProject: false }, aws: {} }), []);
            assert.deepEqual(problems({ billing: { accountPerProject: true }, aws: { accountEmail: "aws@acme.example" } }), []);
        });
    });
});
