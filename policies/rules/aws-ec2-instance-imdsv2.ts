import { CheckedResource, defineRule, fail, PASS, UNKNOWN_VALUE, valueAt } from "../rule";

/** Why the instance metadata service still answers IMDSv1 (no session token), or undefined. */
export function imdsV1Open(resource: CheckedResource): string | undefined {
    const options = resource.props.metadataOptions;
    if (!options || typeof options !== "object") {
        return "no metadataOptions: the AMI's default decides, and IMDSv1 may answer";
    }
    if (valueAt(options, "httpEndpoint") === "disabled") {
        return undefined;
    }
    const tokens = valueAt(options, "httpTokens");
    return tokens === "required" || tokens === UNKNOWN_VALUE ? undefined : `metadataOptions.httpTokens is ${tokens === undefined ? "unset" : JSON.stringify(tokens)}, not "required": IMDSv1 answers without a session token`;
}

export const rule = defineRule({
    id: "aws-ec2-instance-imdsv2",
    description: "EC2 instances (the bastion) accept only IMDSv2: metadataOptions.httpTokens is \"required\", or the metadata endpoint is disabled.",
    severity: "high",
    cloud: "aws",
    references: { checkov: ["CKV_AWS_79"], trivy: ["AWS-0028"] },
    remediation: "anycloud sets httpTokens: required and a hop limit of 1 on the bastion (providers/aws/bastion.ts). A fork must keep metadataOptions.",
    resourceTypes: ["aws:ec2/instance:Instance"],
    check: (resource) => {
        const open = imdsV1Open(resource);
        return open ? fail(open) : PASS;
    },
});
