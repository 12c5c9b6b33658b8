import { strict as assert } from "assert";
import { Recording } from "../../../plan/recorder";
import { CLUSTER_TAG, LOAD_BALANCER_CONTROLLER_CHART, loadBalancerControllerPolicy } from "../../../providers/aws/load-balancer-controller";
import { externalDnsPolicy } from "../../../providers/aws/ingress";
import { input, mocked, ofType, single } from "../../helpers/record";
import { recorded, ZONES } from "../../components/ingress/stacks";

type Statement = { Sid: string; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };

const CLUSTER = "acme-transit-dev";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const policyOf = (recording: Recording, roleName: string) => JSON.parse(input<string>(single(recording, ROLE_POLICY, `${roleName}-inline`), "policy")) as { Statement: Statement[] };
const trustOf = (recording: Recording, roleName: string) => JSON.parse(input<string>(single(recording, "aws:iam/role:Role", roleName), "assumeRolePolicy")) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
const resources = (statement: Statement) => [statement.Resource].flat();

/**
 * Statements whose resources the upstream policy (iam_policy.json of v3.5.0) names by ARN pattern:
 * tags on security groups and load balancers, target registration. The upstream suite compares the
 * whole policy with the pinned file, action by action.
 */
const UPSTREAM_SCOPED = ["TagNewSecurityGroups", "RetagOwnSecurityGroups", "RetagOwnLoadBalancers", "TagListenersAndRules", "TagOnCreate", "RegisterTargets"];

describe("AWS edge: load balancer controller and external-dns", () => {
    let recording: Recording;

    before(async () => {
        recording = (await recorded("tls-aws")).recording;
    });

    it("installs the AWS Load Balancer Controller 3.5.0 told its cluster, region and VPC, with an IRSA role of its own", () => {
        const release = single(recording, "kubernetes:helm.sh/v3:Release", "-lb-controller");
        assert.deepEqual([input(release, "chart"), input(release, "version"), input(release, "repositoryOpts.repo")], ["aws-load-balancer-controller", "3.5.0", "https://aws.github.io/eks-charts"]);
        assert.deepEqual(LOAD_BALANCER_CONTROLLER_CHART.version, "3.5.0");
        assert.equal(input(release, "values.clusterName"), CLUSTER);
        assert.equal(input(release, "values.region"), "eu-central-1");
        assert.equal(input(release, "values.vpcId"), mocked(single(recording, "aws:ec2/vpc:Vpc")).id);
        assert.equal(input(release, "values.enableServiceMutatorWebhook"), true);
        assert.equal(input(release, "values.serviceAccount.name"), "aws-load-balancer-controller");
        const role = single(recording, "aws:iam/role:Role", "-lb-controller-role");
        assert.equal(input(release, "values.serviceAccount.annotations")?.["eks.amazonaws.com/role-arn" as never], mocked(role).state.arn);
        const conditions = trustOf(recording, "-lb-controller-role").Statement[0].Condition.StringEquals;
        assert.deepEqual(Object.values(conditions).sort(), ["sts.amazonaws.com", "system:serviceaccount:kube-system:aws-load-balancer-controller"]);
        // The platform's tags on every load balancer, target group and security group it creates.
        assert.equal((input<Record<string, string>>(release, "values.defaultTags")).customer, "acme");
        assert.equal((input<Record<string, string>>(release, "values.defaultTags")).component, "cluster");
    });

    it("gives the controller no `*` resource where the upstream policy scopes one, and ties every tag condition to this cluster", () => {
        const { Statement } = policyOf(recording, "-lb-controller-role");
        assert.deepEqual(Statement, JSON.parse(loadBalancerControllerPolicy(CLUSTER, "aws", "eu-central-1", "123456789012")).Statement);
        for (const sid of UPSTREAM_SCOPED) {
            const statement = Statement.find((s) => s.Sid === sid)!;
            assert.ok(statement, sid);
            for (const resource of resources(statement)) {
                assert.notEqual(resource, "*", sid);
                assert.match(resource, /^arn:aws:(ec2|elasticloadbalancing):eu-central-1:123456789012:/, sid);
            }
        }
        const text = JSON.stringify(Statement);
        assert.ok(!text.includes("\"false\""), "no condition merely requires the cluster tag to exist (upstream's Null: false)");
        for (const statement of Statement) {
            for (const [operator, values] of Object.entries(statement.Condition ?? {})) {
                for (const [key, value] of Object.entries(values)) {
                    if (key.endsWith(CLUSTER_TAG)) {
                        assert.ok(operator === "StringEquals" ? value === CLUSTER : operator === "Null" && value === "true", `${statement.Sid}: ${operator} ${key} = ${String(value)}`);
                    }
                }
            }
        }
        // Deleting and changing load balancers, target groups and security groups: only those of this cluster.
        for (const sid of ["ManageOwnLoadBalancers", "ManageOwnSecurityGroups", "CreateTaggedLoadBalancers"]) {
            assert.ok(JSON.stringify(Statement.find((s) => s.Sid === sid)!.Condition).includes(`"${CLUSTER}"`), sid);
        }
    });

    it("lets external-dns change the records of its one Route 53 zone, through a role trusted for its service account only", () => {
        const { Statement } = policyOf(recording, "-ingress-external-dns-role");
        const zone = `arn:aws:route53:::hostedzone/${ZONES.aws}`;
        assert.deepEqual(Statement, JSON.parse(externalDnsPolicy("aws", ZONES.aws)).Statement);
        const change = Statement.find((s) => s.Action.includes("route53:ChangeResourceRecordSets"))!;
        assert.deepEqual(resources(change), [zone]);
        assert.deepEqual(Statement.filter((s) => resources(s).includes("*")).flatMap((s) => s.Action), ["route53:ListHostedZones"]);
        const conditions = trustOf(recording, "-ingress-external-dns-role").Statement[0].Condition.StringEquals;
        assert.ok(Object.values(conditions).includes("system:serviceaccount:external-dns:external-dns"));
        const role = single(recording, "aws:iam/role:Role", "-ingress-external-dns-role");
        assert.equal(input<Record<string, string>>(role, "tags").component, "ingress");
        const release = single(recording, "kubernetes:helm.sh/v3:Release", "-ingress-external-dns");
        assert.equal(input(release, "values.provider.name"), "aws");
        assert.deepEqual(input(release, "values.extraArgs"), [`--zone-id-filter=${ZONES.aws}`, "--aws-zone-type=public"]);
        assert.deepEqual(input(release, "values.sources"), ["gateway-httproute"]);
        assert.equal(input(release, "values.gatewayNamespace"), "gateway");
        assert.deepEqual(input(release, "values.domainFilters"), ["transit.acme.example"]);
        assert.equal(input(release, "values.txtOwnerId"), CLUSTER);
        assert.equal(input(release, "values.serviceAccount.annotations")?.["eks.amazonaws.com/role-arn" as never], mocked(role).state.arn);
        assert.equal(ofType(recording, "kubernetes:core/v1:ConfigMap").filter((c) => input(c, "metadata.namespace") === "external-dns").length, 0, "no configuration file on AWS");
    });
});
