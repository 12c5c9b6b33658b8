import * as compute from "@pulumi/gcp/compute";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as pulumi from "@pulumi/pulumi";
import { BastionArgs, BastionOutputs } from "../../components/bastion";
import { PlatformContext } from "../../components/context";
import { ubuntuSshdHardening } from "../../components/sshd-hardening";
import { componentLabels } from "./labels";
import { FIREWALL_LOGS, FIREWALL_PRIORITY, firewallName, gcpName, gcpScope, serviceAccountId, SubnetRanges, subnetRangesOf } from "./network";
import { BASTION_MACHINE_TYPES } from "./sizes";

export const SSH_USER = "anycloud";
/**
 * Ubuntu 24.04 LTS from Canonical (standard support until 2029), by image family, so a new
 * host starts from the current build; the provider does not count a newer image of the same
 * family as a change. Same release as the Azure bastion, so one sshd recipe (socket-activated
 * ssh.service) fits both.
 */
export const IMAGE = "ubuntu-os-cloud/ubuntu-2404-lts-amd64";
// Logging only, as the issue asks: the bastion writes its logs and nothing else.
export const BASTION_ROLES = ["roles/logging.logWriter"];
/** Where IAP TCP forwarding connects from (IAP docs, "Using IAP for TCP forwarding"). */
export const IAP_TCP_FORWARDING_RANGE = "35.235.240.0/20";
/** PostgreSQL, and the Cloud SQL Auth Proxy / connectors' port (3307), for tunnels to the database. */
export const DATABASE_PORTS = ["5432", "3307"];
/** Private and shared address space the bastion reaches only where a rule above allows it. */
export const PRIVATE_SPACE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/**
 * Startup script. GCE runs it as root at every boot, so it is idempotent and re-asserts the
 * hardening after any change on the host. sshd: the drop-in is named 00-* because sshd keeps the
 * first value it reads; only local forwarding, which the tunnels to the database and a private
 * API need. Ubuntu 24.04 starts sshd from a socket, so /run/sshd must exist for the syntax check
 * and a reload applies only if the service runs (otherwise the next connection reads the file).
 * Updates: Ubuntu's unattended-upgrades (on in Canonical's GCE images) installs security updates
 * daily; the script pins that on and lets it reboot at night when a kernel update needs it. (VM
 * Manager patch deployments would need the OS Config API and agent; this needs nothing.)
 */
export const STARTUP_SCRIPT = `#!/bin/bash
set -euo pipefail

${ubuntuSshdHardening(SSH_USER)}

cat > /etc/apt/apt.conf.d/20auto-upgrades <<'CONF'
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
CONF
cat > /etc/apt/apt.conf.d/52anycloud-unattended-upgrades <<'CONF'
Unattended-Upgrade::Automatic-Reboot "true";
Unattended-Upgrade::Automatic-Reboot-Time "03:30";
CONF
`;

/**
 * Login: the given key for the fixed user `anycloud`, in the instance's `ssh-keys` metadata,
 * with OS Login off and project-wide keys blocked. OS Login ignores metadata keys and derives
 * each user's name from their Google account, so it could honour neither bastion.sshPublicKey nor
 * a fixed sshUser (the contract every cloud keeps); project-wide keys would admit whoever may
 * edit project metadata. An organization policy constraints/compute.requireOsLogin overrides
 * this and locks the key out (docs/gcp.md). The serial console stays off: it is a way in that
 * bypasses the firewall.
 */
export function bastionMetadata(sshPublicKey: string): Record<string, string> {
    return {
        "ssh-keys": `${SSH_USER}:${sshPublicKey.trim()}`,
        "block-project-ssh-keys": "true",
        "enable-oslogin": "FALSE",
        "serial-port-enable": "false",
        "startup-script": STARTUP_SCRIPT,
    };
}

export interface FirewallSpec {
    /** Ends the rule's name (fw-bastion-<what>-<stem>) and logical name. */
    what: string;
    direction: "INGRESS" | "EGRESS";
    action: "allow" | "deny";
    priority: number;
    protocol: "tcp" | "all";
    ports?: string[];
    /** Sources (ingress) or destinations (egress). */
    ranges: pulumi.Input<string[]>;
    log: boolean;
    description: string;
}

/**
 * The bastion's firewall, all rules targeting its service account. In: SSH from the office
 * allowlist as ONE rule listing every range (a change updates it in place), and from IAP's
 * range when IAP forwarding is on. Out: PostgreSQL to the Private Service Access range, HTTPS
 * to the node subnet (where GKE's Private Service Connect API endpoint is), nothing else in
 * private space, HTTP and HTTPS to the internet (Ubuntu's mirrors, Google APIs), nothing else.
 * The metadata server (DNS, NTP, metadata at 169.254.169.254) is outside firewall rules.
 * The database adapter adds the 5432 deny for every other instance.
 */
export function bastionFirewallRules(allowedCidrs: string[], ranges: pulumi.Output<SubnetRanges>, iapTunnel: boolean): FirewallSpec[] {
    const { allow, deny, afterDeny, catchAll } = FIREWALL_PRIORITY;
    const rules: FirewallSpec[] = [];
    if (allowedCidrs.length > 0) {
        rules.push({ what: "ssh", direction: "INGRESS", action: "allow", priority: allow, protocol: "tcp", ports: ["22"], ranges: [...allowedCidrs], log: true, description: "SSH from the office allowlist (anycloud:allowedCidrs)" });
    }
    if (iapTunnel) {
        rules.push({ what: "ssh-iap", direction: "INGRESS", action: "allow", priority: allow, protocol: "tcp", ports: ["22"], ranges: [IAP_TCP_FORWARDING_RANGE], log: true, description: "SSH through IAP TCP forwarding (who may tunnel is roles/iap.tunnelResourceAccessor)" });
    }
    rules.push(
        { what: "to-database", direction: "EGRESS", action: "allow", priority: allow, protocol: "tcp", ports: DATABASE_PORTS, ranges: ranges.apply((r) => [r.psa]), log: false, description: "PostgreSQL and the Cloud SQL Auth Proxy in the Private Service Access range" },
        { what: "to-api", direction: "EGRESS", action: "allow", priority: allow, protocol: "tcp", ports: ["443"], ranges: ranges.apply((r) => [r.node]), log: false, description: "HTTPS to the private Kubernetes API endpoint (an address of the node subnet)" },
        { what: "deny-private", direction: "EGRESS", action: "deny", priority: deny, protocol: "all", ranges: [...PRIVATE_SPACE], log: true, description: "Nothing else in private space: no other node, pod or database port" },
        { what: "to-web", direction: "EGRESS", action: "allow", priority: afterDeny, protocol: "tcp", ports: ["80", "443"], ranges: ["0.0.0.0/0"], log: false, description: "Package updates and Google APIs" },
        { what: "deny-egress", direction: "EGRESS", action: "deny", priority: catchAll, protocol: "all", ranges: ["0.0.0.0/0"], log: true, description: "Nothing else leaves the bastion" },
    );
    return rules;
}

function createFirewall(name: string, context: PlatformContext, spec: FirewallSpec, network: pulumi.Input<string>, account: serviceaccount.Account, opts: pulumi.CustomResourceOptions): compute.Firewall {
    const match = [{ protocol: spec.protocol, ...(spec.ports ? { ports: spec.ports } : {}) }];
    return new compute.Firewall(`${name}-fw-${spec.what}`, {
        name: firewallName(context, `bastion-${spec.what}`),
        description: spec.description,
        network,
        direction: spec.direction,
        priority: spec.priority,
        ...(spec.direction === "INGRESS" ? { sourceRanges: spec.ranges } : { destinationRanges: spec.ranges }),
        ...(spec.action === "allow" ? { allows: match } : { denies: match }),
        targetServiceAccounts: [account.email],
        ...(spec.log ? { logConfig: FIREWALL_LOGS } : {}),
    }, opts);
}

/**
 * Ubuntu 24.04 LTS in the bastion subnet behind a static external address: SSH only from the
 * office allowlist (firewall rules on its own service account), key-only login for one user,
 * Shielded VM (secure boot, vTPM, integrity monitoring), serial port off, project keys blocked,
 * egress limited, automatic security updates. Its service account may write logs
 * and nothing else. Also the in-network door to a private Kubernetes API (docs/bastion.md).
 */
export function createBastion(name: string, args: BastionArgs, opts: pulumi.ComponentResourceOptions): BastionOutputs {
    const { context, settings, network: net } = args;
    const { project, services } = gcpScope(context, "createBastion");
    const base: pulumi.CustomResourceOptions = { ...opts, dependsOn: services };
    const description = `anycloud bastion of ${context.namePrefix}`;
    const labels = componentLabels(context, "bastion");

    const account = new serviceaccount.Account(`${name}-sa`, {
        accountId: serviceAccountId(context, "bastion"),
        displayName: `Bastion of ${context.namePrefix}`,
        description: "The anycloud bastion's identity: writes its logs; firewall rules admit and restrict it by this account",
    }, base);
    const grants = BASTION_ROLES.map((role) => new projects.IAMMember(`${name}-${role.split("/")[1].replace(/\./g, "-")}`, {
        project,
        role,
        member: account.member,
    }, base));

    // IAP TCP forwarding is a second way in, off unless anycloud:gcp.bastionIapTunnel turns it on.
    const iapTunnel = context.gcp.bastionIapTunnel;
    const rules = bastionFirewallRules(context.allowedCidrs, subnetRangesOf(net), iapTunnel)
        .map((spec) => createFirewall(name, context, spec, net.networkId, account, base));

    // The address stays when the VM is rebuilt (new image, zone), so office firewall rules and known_hosts entries keep working.
    const address = new compute.Address(`${name}-ip`, {
        // No description: GCP cannot change an address's in place.
        name: gcpName(context, "ip-bastion"),
        region: context.region,
        addressType: "EXTERNAL",
        networkTier: "PREMIUM",
        labels,
    }, base);

    const instance = new compute.Instance(`${name}-vm`, {
        name: gcpName(context, "vm-bastion"),
        description,
        zone: net.zones.apply((zones) => zones[0]),
        machineType: BASTION_MACHINE_TYPES[settings.size],
        // The boot disk is billed apart from the VM and takes none of its labels. Its labels are fixed at
        // creation (ForceNew), so a change of anycloud:tags or of the bastion's cost type rebuilds the
        // VM, which holds no state and keeps its address.
        bootDisk: { autoDelete: true, initializeParams: { image: IMAGE, size: 10, type: "pd-balanced", labels } },
        networkInterfaces: [{
            subnetwork: net.publicSubnetIds.apply((ids) => ids[0]),
            accessConfigs: [{ natIp: address.address, networkTier: "PREMIUM" }],
        }],
        canIpForward: false,
        // Google recommends the cloud-platform scope with IAM as the limit: the account's roles are.
        serviceAccount: { email: account.email, scopes: ["https://www.googleapis.com/auth/cloud-platform"] },
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        metadata: bastionMetadata(settings.sshPublicKey),
        // A new size or Shielded VM setting needs the VM stopped; it holds no state.
        allowStoppingForUpdate: true,
        deletionProtection: false,
        labels,
    }, {
        ...opts,
        // Up once it can be reached (subnet, SSH rule) and only with its egress limits and roles in place.
        dependsOn: [...services, ...net.publicRouting, ...rules, ...grants],
        // GCE runs the startup script at boot: a new script takes effect on a new host. Its fixed
        // name must be free before the new one is created (zone and image changes replace it too).
        replaceOnChanges: ["metadata[\"startup-script\"]"],
        deleteBeforeReplace: true,
    });

    return {
        // Published once the VM exists, so a client never dials an address with nothing behind it.
        publicIp: pulumi.all([address.address, instance.id]).apply(([ip]) => ip),
        sshUser: pulumi.output(SSH_USER),
        // Principals on GCP are service accounts: what the database's and cluster's firewall rules name.
        securityPrincipal: account.email,
    };
}
