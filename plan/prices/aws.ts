import { ANY_REGION, PriceRow } from "./types";

/**
 * AWS list prices. Only us-east-1 has region-specific figures with a source; eu-central-1
 * (the reference stacks' region) has none yet, so those lines stay unpriced until a price
 * file (`anycloud plan --prices`) supplies them. Prices quoted without a region apply to all.
 */
const aws = (region: string, item: string, unit: string, usd: number, source: string, note?: string): PriceRow =>
    ({ cloud: "aws", region, item, unit, usd, source, ...(note ? { note } : {}) });

const ec2 = (type: string, usd: number) => aws("us-east-1", `ec2.instance.${type}`, "instance-hour", usd, "aws-karpenter-prices");

export const AWS_PRICES: PriceRow[] = [
    aws(ANY_REGION, "eks.cluster.standard", "cluster-hour", 0.1, "aws-eks-extended-support"),
    aws(ANY_REGION, "eks.cluster.extended", "cluster-hour", 0.6, "aws-eks-extended-support", "total per cluster-hour in extended support, the $0.10 included"),
    ec2("t3.micro", 0.0104),
    ec2("t3.medium", 0.0416),
    ec2("t3.large", 0.0832),
    ec2("t4g.nano", 0.0042),
    ec2("m6i.large", 0.096),
    ec2("m6i.xlarge", 0.192),
    ec2("m7i.large", 0.1008),
    ec2("m7i.xlarge", 0.2016),
    ec2("m6g.large", 0.077),
    // The announcement sets one rate for every AWS-provided public IPv4 address; the figure is the fixture's.
    aws(ANY_REGION, "ec2.publicIpv4", "IP-hour", 0.005, "infracost-aws-eip", "rate of the 2024-02-01 public IPv4 charge (aws-ipv4-announcement), not region-specific"),
    aws("us-east-1", "vpc.natGateway", "gateway-hour", 0.045, "infracost-aws-nat"),
    aws("us-east-1", "vpc.natGateway.data", "GB", 0.045, "infracost-aws-nat"),
    aws("us-east-1", "ebs.gp3", "GB-month", 0.08, "infracost-aws-ebs"),
    aws("us-east-1", "ebs.gp2", "GB-month", 0.1, "infracost-aws-ebs"),
    aws("us-east-1", "rds.aurora.storage", "GB-month", 0.1, "infracost-aws-rds-cluster", "Aurora Standard storage"),
    aws("us-east-1", "rds.aurora.io", "million requests", 0.2, "infracost-aws-rds-cluster", "Aurora Standard I/O"),
    aws("us-east-1", "logs.ingestion", "GB", 0.5, "infracost-aws-logs", "CloudWatch Logs custom log ingestion"),
    aws(ANY_REGION, "kms.key", "key-month", 1, "aws-kms-pricing"),
    aws("us-east-1", "secretsmanager.secret", "secret-month", 0.4, "infracost-aws-secrets"),
    aws("us-east-1", "elb.nlb", "LB-hour", 0.0225, "infracost-aws-lb"),
    aws("us-east-1", "elb.nlb.capacity", "NLCU-hour", 0.006, "infracost-aws-lb"),
    aws(ANY_REGION, "budgets.budget", "budget-day", 0.02, "aws-budgets-guide", "the account's first two active budgets are free"),
];
