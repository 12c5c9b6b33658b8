/** Trust policy letting one AWS service assume a role: the only kind of trust this package grants. */
export function serviceAssumeRolePolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}
