import { isPrivate, parseCidr } from "../../components/cidr";
import type { Parsed } from "../../components/parsed";
import type { AddProblem, CloudRules } from "../rules";
import { awsIngressRules } from "./ingress-validation";
import { amiTypeFor } from "./instance-types";
import { EKS_EXTENDED_SUPPORT_ONLY, minorOf, SUPPORTED_EKS_VERSIONS } from "./kubernetes-versions";
import { NODE_INSTANCE_TYPES } from "./sizes";

/**
 * Zone IDs where EKS refuses to place a control plane ("Cannot create cluster because
 * <zone> does not have sufficient capacity"); EKS docs, "Amazon EKS cluster subnet requirements".
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"];

/**
 * A network ACL holds 20 inbound rules by default (a quota, raisable to 40). The public
 * tier's ACL uses 5 fixed rules plus one SSH rule per allowlisted CIDR (providers/aws/network-acls.ts).
 */
export const NACL_RULE_QUOTA = 20;
export const PUBLIC_NACL_FIXED_INGRESS_RULES = 5;
export const MAX_ALLOWED_CIDRS = NACL_RULE_QUOTA - PUBLIC_NACL_FIXED_INGRESS_RULES;

/** AWS takes at most 50 tags on a resource, those starting with `aws:` aside (AWS docs, "Tag naming limits and requirements"). */
export const AWS_MAX_TAGS = 50;

/**
 * The most tags one resource of the platform carries besides the user's: a node group's Auto
 * Scaling group has the taxonomy's six and the five EKS adds (eks:cluster-name, eks:nodegroup-name,
 * kubernetes.io/cluster/<name> and the autoscaler's two). The plan's own share is checked by
 * tests/providers/aws/tags.test.ts; what EKS adds, only a real account shows.
 */
export const AWS_TAGS_BESIDES_USERS = 11;

/**
 * What every AWS service takes in tag keys and values: letters, digits, spaces and + - = . _ : / @
 * (EC2 takes more, but the platform's tags reach every service through the provider's default tags).
 */
const AWS_TAG_TEXT = /^[\p{L}\p{N}\p{Z}+\-=._:/@]*$/u;

const COMPASS: Record<string, string> = { north: "n", south: "s", east: "e", west: "w", central: "c", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw" };

/** "eu-central-1" -> "euc1": the prefix of that region's zone IDs (euc1-az1, ...). */
export function zoneIdPrefix(region: string): string | undefined {
    const parts = region.split("-");
    const number = parts.pop();
    const direction = parts.pop();
    if (!number || !direction || !(direction in COMPASS)) {
        return undefined;
    }
    const head = parts.join("") === "usgov" ? "usgw" : parts.join("");
    return `${head}${COMPASS[direction]}${number}`;
}

/**
 * What the AWS APIs would refuse at deploy time, or what would deploy and not work,
 * caught before anything is registered.
 */
export const awsRules: CloudRules = (args, add) => {
    awsIngressRules(args, add);
    const { network, cluster, database, allowedCidrs, aws, region } = args;

    if (network?.natGateways === "none") {
        add(["network", "natGateways"], network.natGateways, "is not supported on AWS: private nodes would have no way to pull images (registry.k8s.io, Docker Hub) or reach AWS APIs, and node groups fail after ~20 minutes; use single (one NAT gateway) or perZone");
    }

    if (allowedCidrs && allowedCidrs.length > MAX_ALLOWED_CIDRS) {
        add(["allowedCidrs"], allowedCidrs, `has ${allowedCidrs.length} entries; AWS allows at most ${MAX_ALLOWED_CIDRS} (each is an SSH rule of the public network ACL, whose default quota is ${NACL_RULE_QUOTA} inbound rules with ${PUBLIC_NACL_FIXED_INGRESS_RULES} taken); merge ranges into larger CIDRs`);
    }

    if (cluster) {
        const newest = SUPPORTED_EKS_VERSIONS[SUPPORTED_EKS_VERSIONS.length - 1];
        const { version } = cluster;
        // Older versions are the cloud-agnostic rule's to report.
        if (version !== undefined && minorOf(version) > minorOf(newest)) {
            add(["cluster", "version"], version, `is newer than this release of anycloud supports on EKS (its add-ons and autoscaler are pinned per version); supported: ${SUPPORTED_EKS_VERSIONS.join(", ")}`);
        }
        if (version !== undefined && EKS_EXTENDED_SUPPORT_ONLY.includes(version) && aws?.upgradeSupport === "standard") {
            add(["cluster", "version"], version, `is past EKS standard support: a cluster on it runs in paid extended support, which cannot be turned off; set anycloud:aws.upgradeSupport to extended, or use ${SUPPORTED_EKS_VERSIONS.filter((v) => !EKS_EXTENDED_SUPPORT_ONLY.includes(v)).join(" or ")}`);
        }
        const serviceRange = cluster.serviceCidr === undefined ? undefined : parseCidr(cluster.serviceCidr);
        if (serviceRange !== undefined && typeof serviceRange !== "string" && (!isPrivate(serviceRange) || serviceRange.prefix < 12 || serviceRange.prefix > 24)) {
            add(["cluster", "serviceCidr"], cluster.serviceCidr, "must be inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 and between /12 and /24 (EKS's rule for the Service range)");
        }
        cluster.nodePools?.forEach((pool, i) => {
            // The size's instance type when no instanceType is given; nothing to judge when neither parsed.
            const instanceType = pool?.instanceType ?? (pool?.size === undefined ? undefined : NODE_INSTANCE_TYPES[pool.size]);
            const chosen = instanceType === undefined ? undefined : amiTypeFor(instanceType);
            if (chosen !== undefined && typeof chosen !== "string") {
                add(["cluster", "nodePools", i, "instanceType"], pool?.instanceType, chosen.problem);
            }
        });
    }

    if (database?.enabled) {
        if (database.highAvailability && database.replicas !== undefined && database.replicas < 1) {
            add(["database", "replicas"], database.replicas, "must be at least 1 when highAvailability is on: on Aurora, failover targets are the reader instances");
        }
        if (database.instanceClass !== undefined && !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(database.instanceClass)) {
            add(["database", "instanceClass"], database.instanceClass, "is not an Aurora instance class: expected db.<family>.<size>, e.g. db.r6g.large (db.serverless is not supported)");
        }
    }

    if (args.tags) {
        awsTagProblems(args.tags, add);
    }

    if (aws) {
        const arns = aws.clusterAdminArns ?? [];
        arns.forEach((arn, i) => {
            if (arn !== undefined && arns.indexOf(arn) < i) {
                add(["aws", "clusterAdminArns", i], arn, "is listed twice; EKS refuses a second access entry for one principal");
            }
        });
        aws.apiAccessCidrs?.forEach((text, i) => {
            const range = text === undefined ? undefined : parseCidr(text);
            if (range !== undefined && typeof range !== "string" && !isPrivate(range)) {
                add(["aws", "apiAccessCidrs", i], text, "must be a private range (a CI runner or VPN inside or peered with the VPC); public sources reach the API through allowedCidrs");
            }
        });
        if (aws.zoneIds) {
            zoneIdProblems(aws.zoneIds, region, network?.zones, add);
        }
    }
};

/** AWS's tag rules on `anycloud:tags`, one problem per tag naming every rule it breaks; nothing is rewritten. */
function awsTagProblems(tags: Parsed<Record<string, string>>, add: AddProblem): void {
    for (const [key, value = ""] of Object.entries(tags)) {
        const broken = [
            ...(/^aws:/i.test(key) ? ["its key starts with \"aws:\", which AWS keeps for its own tags"] : []),
            ...(AWS_TAG_TEXT.test(key) ? [] : [`its key ${JSON.stringify(key)} has characters AWS tags refuse`]),
            ...(/^aws:/i.test(value) ? ["its value starts with \"aws:\", which AWS keeps for its own tags"] : []),
            ...(AWS_TAG_TEXT.test(value) ? [] : ["its value has characters AWS tags refuse"]),
        ];
        if (broken.length > 0) {
            add(["tags", key], value, `is not a valid AWS tag: ${broken.join("; ")}. Keys (1-128) and values (0-256) take letters, digits, spaces and + - = . _ : / @`);
        }
    }
    const room = AWS_MAX_TAGS - AWS_TAGS_BESIDES_USERS;
    if (Object.keys(tags).length > room) {
        add(["tags"], Object.keys(tags), `has ${Object.keys(tags).length} tags; AWS takes ${AWS_MAX_TAGS} on a resource, and the platform's busiest resource (a node group's Auto Scaling group) already carries ${AWS_TAGS_BESIDES_USERS} of anycloud and EKS, so at most ${room} are yours`);
    }
}

function zoneIdProblems(zoneIds: (string | undefined)[], region: string | undefined, zones: number | undefined, add: AddProblem): void {
    const prefix = region ? zoneIdPrefix(region) : undefined;
    zoneIds.forEach((id, i) => {
        if (id === undefined) {
            return;
        }
        if (prefix && !id.startsWith(`${prefix}-`)) {
            add(["aws", "zoneIds", i], id, `is not a zone of ${region}; its zone IDs look like ${prefix}-az1`);
        } else if (EKS_UNSUPPORTED_ZONE_IDS.includes(id)) {
            add(["aws", "zoneIds", i], id, `is a zone where EKS does not place control planes (${EKS_UNSUPPORTED_ZONE_IDS.join(", ")}); pick another`);
        }
        if (zoneIds.indexOf(id) < i) {
            add(["aws", "zoneIds", i], id, "is listed twice");
        }
    });
    if (zones !== undefined && zoneIds.length !== zones) {
        add(["aws", "zoneIds"], zoneIds, `lists ${zoneIds.length} zones but network.zones is ${zones}; list exactly one zone ID per zone, in a fixed order (subnet i goes to zone i)`);
    }
}
