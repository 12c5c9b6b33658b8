import { ANY_REGION, PriceRow } from "./types";

/**
 * AWS list prices for us-east-1 and eu-central-1 (the reference stacks' region). Items with no
 * sourced figure for a region (in eu-central-1: NAT gateways, load balancers, CloudWatch Logs,
 * Secrets Manager, Aurora storage) stay unpriced until a price file (`anycloud plan --prices`)
 * supplies them. Prices quoted without a region apply to all.
 */
const aws = (region: string, item: string, unit: string, usd: number, source: string, note?: string): PriceRow =>
    ({ cloud: "aws", region, item, unit, usd, source, ...(note ? { note } : {}) });

const ec2 = (type: string, usd: number) => aws("us-east-1", `ec2.instance.${type}`, "instance-hour", usd, "aws-karpenter-prices");

/** eu-central-1 Linux on-demand USD per hour (shared tenancy, no pre-installed software), from Flexera's AWS Price List extract of 2026-08-09. */
const EC2_FRANKFURT: Record<string, number> = {
    "t3.micro": 0.012, "t3.small": 0.024, "t3.medium": 0.048, "t3.large": 0.096, "t4g.nano": 0.0048,
    "m6i.large": 0.115, "m6i.xlarge": 0.23, "m6i.2xlarge": 0.46, "m7i.large": 0.12075, "m7i.xlarge": 0.2415,
};

/** eu-central-1 Aurora PostgreSQL on-demand USD per instance-hour (Aurora Standard), from Flexera's AWS Price List extract of 2023-03-01. */
const AURORA_POSTGRES_FRANKFURT: Record<string, number> = { "db.t4g.medium": 0.085, "db.r6g.large": 0.313, "db.r6g.xlarge": 0.627, "db.r6g.2xlarge": 1.253 };
const auroraNote = "Aurora Standard; price list of 2023-03-01, before Aurora I/O-Optimized existed (later extracts mix the two configurations); "
    + "the extract's us-east-1 db.t3.large, db.r4.large and db.r4.8xlarge equal Infracost's rds_cluster_instance golden fixture of 2025-03-05";
const auroraRows = Object.entries(AURORA_POSTGRES_FRANKFURT).map(([instanceClass, usd]) =>
    aws("eu-central-1", `rds.aurora.instance.${instanceClass}`, "instance-hour", usd, "flexera-aws-rds-prices-2023", auroraNote));

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
    ...Object.entries(EC2_FRANKFURT).map(([type, usd]) => aws("eu-central-1", `ec2.instance.${type}`, "instance-hour", usd, "flexera-aws-ec2-prices")),
    // The announcement sets one rate for every AWS-provided public IPv4 address; the figure is the fixture's.
    aws(ANY_REGION, "ec2.publicIpv4", "IP-hour", 0.005, "infracost-aws-eip", "rate of the 2024-02-01 public IPv4 charge (aws-ipv4-announcement), not region-specific"),
    aws("us-east-1", "vpc.natGateway", "gateway-hour", 0.045, "infracost-aws-nat"),
    aws("us-east-1", "vpc.natGateway.data", "GB", 0.045, "infracost-aws-nat"),
    aws("us-east-1", "ebs.gp3", "GB-month", 0.08, "infracost-aws-ebs"),
    aws("us-east-1", "ebs.gp2", "GB-month", 0.1, "infracost-aws-ebs"),
    aws("eu-central-1", "ebs.gp3", "GB-month", 0.0952, "aws-calculator-ebs-prices"),
    aws("eu-central-1", "ebs.gp2", "GB-month", 0.119, "aws-calculator-ebs-prices"),
    aws("us-east-1", "dataTransfer.internetEgress", "GB", 0.09, "infracost-aws-data-transfer", "first 10 TB a month tier; derived: 921.60 USD / 10,240 GB"),
    aws("eu-central-1", "dataTransfer.internetEgress", "GB", 0.09, "infracost-aws-data-transfer", "first 10 TB a month tier; derived: 921.60 USD / 10,240 GB"),
    aws("us-east-1", "rds.aurora.storage", "GB-month", 0.1, "infracost-aws-rds-cluster", "Aurora Standard storage"),
    aws("us-east-1", "rds.aurora.io", "million requests", 0.2, "infracost-aws-rds-cluster", "Aurora Standard I/O"),
    ...auroraRows,
    aws("us-east-1", "logs.ingestion", "GB", 0.5, "infracost-aws-logs", "CloudWatch Logs custom log ingestion"),
    aws(ANY_REGION, "kms.key", "key-month", 1, "aws-kms-pricing"),
    aws("us-east-1", "secretsmanager.secret", "secret-month", 0.4, "infracost-aws-secrets"),
    aws("us-east-1", "elb.nlb", "LB-hour", 0.0225, "infracost-aws-lb"),
    aws("us-east-1", "elb.nlb.capacity", "NLCU-hour", 0.006, "infracost-aws-lb"),
    aws(ANY_REGION, "budgets.budget", "budget-day", 0.02, "aws-budgets-guide", "the account's first two active budgets are free"),
];
