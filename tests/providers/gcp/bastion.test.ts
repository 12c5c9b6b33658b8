import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformArgs } from "../../../components/config";
import { Recording, recordProgram, ResourceRecord } from "../../../plan/recorder";
import { bastionFirewallRules, createBastion, IMAGE, STARTUP_SCRIPT } from "../../../providers/gcp/bastion";
import { createDatabase } from "../../../providers/gcp/database";
import { createNetwork, subnetRanges } from "../../../providers/gcp/network";
import { GCP_NAME } from "../../../providers/gcp/network-names";
import { SSH_KEY } from "../../helpers/config";
import { GCP_DEV_CONFIG, input, mocked, ofType, single, toStackConfig } from "../../helpers/record";
import { wireFoundation } from "../../helpers/component";

const OFFICE = ["198.51.100.0/24", "203.0.113.8/29"];
const VM = "gcp:compute/instance:Instance";
const FIREWALL = "gcp:compute/firewall:Firewall";
const ADDRESS = "gcp:compute/address:Address";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const MEMBER = "gcp:projects/iAMMember:IAMMember";
const SERVICE = "gcp:projects/service:Service";
const RANGES = subnetRanges("10.0.0.0/16");
const NODE_ACCOUNT = "gke-nodes@acme-transit-dev.iam.gserviceaccount.com";

/** Foundation, network and bastion as the Platform wires them; with the database too when it is enabled. */
async function recordBastion(settings: Record<string, unknown>): Promise<Recording> {
    const config = toStackConfig(settings);
    return recordProgram(() => {
        const args = loadPlatformArgs(config);
        const { context, childOf } = wireFoundation(args);
        const network = createNetwork("acme-network", { context, settings: args.network, serviceCidr: args.cluster.serviceCidr }, childOf("anycloud:index:Network", "acme-network"));
        const bastion = createBastion("acme-bastion", { context, settings: args.bastion, network }, childOf("anycloud:index:Bastion", "acme-bastion"));
        if (args.database.enabled) {
            createDatabase("acme-database", { context, settings: args.database, network, allowedSources: [NODE_ACCOUNT, bastion.securityPrincipal] }, childOf("anycloud:index:Database", "acme-database"));
        }
        return { bastionPublicIp: bastion.publicIp, bastionSshUser: bastion.sshUser, bastionSecurityPrincipal: bastion.securityPrincipal };
    }, { project: "anycloud", stack: "test", config, region: String(settings.region) });
}

type Rule = { name: string; direction: string; action: "allow" | "deny"; priority: number; protocol: string; ports: string[]; ranges: string[]; targets: string[]; logged: boolean };

function describeRule(rule: ResourceRecord): Rule {
    const allows = input<{ protocol: string; ports?: string[] }[]>(rule, "allows");
    const [match] = allows ?? input<{ protocol: string; ports?: string[] }[]>(rule, "denies");
    return {
        name: input(rule, "name"), direction: input(rule, "direction"), action: allows ? "allow" : "deny", priority: input(rule, "priority"),
        protocol: match.protocol, ports: match.ports ?? [],
        ranges: input<string[]>(rule, input(rule, "direction") === "INGRESS" ? "sourceRanges" : "destinationRanges"),
        targets: input<string[]>(rule, "targetServiceAccounts") ?? [], logged: input(rule, "logConfig") !== undefined,
    };
}

const admitsPort = (rule: Rule, port: number) => rule.protocol === "all" || rule.ports.length === 0 || rule.ports.some((range) => {
    const [from, to = from] = range.split("-").map(Number);
    return from <= port && port <= to;
});

const BASTION_LABELS = { customer: "acme", project: "transit", environment: "dev", "managed-by": "anycloud", component: "bastion", "cost-type": "fixed" };

describe("GCP bastion", () => {
    let dev: Recording;
    let vm: ResourceRecord;
    let email: string;

    before(async () => {
        dev = await recordBastion({ ...GCP_DEV_CONFIG, allowedCidrs: OFFICE, bastion: { enabled: true, sshPublicKey: SSH_KEY } });
        vm = single(dev, VM);
        email = String(mocked(single(dev, ACCOUNT)).state.email);
    });

    describe("firewall", () => {
        const bastionRules = () => ofType(dev, FIREWALL).filter((r) => r.parent.includes("anycloud:index:Bastion")).map(describeRule);

        it("admits SSH only from the office ranges, in one rule that updates in place, to the bastion's service account", () => {
            const ingress = bastionRules().filter((r) => r.direction === "INGRESS");
            assert.deepEqual(ingress, [{
                name: "fw-bastion-ssh-acme-transit-dev", direction: "INGRESS", action: "allow", priority: 1000, protocol: "tcp", ports: ["22"],
                ranges: OFFICE, targets: [email], logged: true,
            }]);
            // Nothing in the whole recording lets anything else in on 22 (the network only denies).
            const ssh = ofType(dev, FIREWALL).map(describeRule).filter((r) => r.direction === "INGRESS" && r.action === "allow" && admitsPort(r, 22));
            assert.deepEqual(ssh.flatMap((r) => r.ranges), OFFICE);
            assert.ok(ofType(dev, FIREWALL).every((r) => input(r, "targetTags") === undefined && input(r, "sourceTags") === undefined), "service accounts, never network tags");
        });

        it("adds IAP TCP forwarding as a second way in only when asked", () => {
            const ranges = pulumi.output(RANGES);
            assert.ok(!bastionFirewallRules(OFFICE, ranges, false).some((r) => r.what === "ssh-iap"));
            const iap = bastionFirewallRules(OFFICE, ranges, true).find((r) => r.what === "ssh-iap")!;
            assert.deepEqual([iap.direction, iap.action, iap.ports, iap.ranges], ["INGRESS", "allow", ["22"], ["35.235.240.0/20"]]);
            assert.deepEqual(bastionFirewallRules([], ranges, false).filter((r) => r.direction === "INGRESS"), [], "no allowlist, no way in");
        });

        it("lets out only PostgreSQL to the PSA range, HTTPS to the node subnet, and web traffic outside private space", () => {
            const egress = bastionRules().filter((r) => r.direction === "EGRESS").sort((a, b) => a.priority - b.priority);
            assert.deepEqual(egress.map((r) => [r.priority, r.action, r.protocol, r.ports, r.ranges]), [
                [1000, "allow", "tcp", ["5432", "3307"], [RANGES.psa]],
                [1000, "allow", "tcp", ["443"], [RANGES.node]],
                [2000, "deny", "all", [], ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]],
                [3000, "allow", "tcp", ["80", "443"], ["0.0.0.0/0"]],
                [65000, "deny", "all", [], ["0.0.0.0/0"]],
            ]);
            assert.ok(egress.every((r) => r.targets.length === 1 && r.targets[0] === email), "every rule is the bastion's alone");
            assert.ok(egress.filter((r) => r.action === "deny").every((r) => r.logged), "refused attempts are logged");
        });

        it("names every rule within GCP's rules, on the platform's VPC", () => {
            const vpc = mocked(single(dev, "gcp:compute/network:Network")).id;
            for (const rule of ofType(dev, FIREWALL)) {
                assert.match(input<string>(rule, "name"), GCP_NAME);
                assert.equal(input(rule, "network"), vpc);
            }
        });
    });

    describe("virtual machine", () => {
        it("runs Ubuntu 24.04 LTS as a Shielded VM (secure boot, vTPM, integrity monitoring) in the first zone", () => {
            assert.equal(IMAGE, "ubuntu-os-cloud/ubuntu-2404-lts-amd64");
            assert.deepEqual(input(vm, "bootDisk"), { autoDelete: true, initializeParams: { image: IMAGE, size: 10, type: "pd-balanced", labels: BASTION_LABELS } });
            assert.deepEqual(input(vm, "shieldedInstanceConfig"), { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true });
            assert.equal(input(vm, "machineType"), "e2-micro");
            assert.equal(input(vm, "zone"), "europe-west3-a");
            assert.equal(input(vm, "name"), "vm-bastion-acme-transit-dev");
            assert.equal(input(vm, "canIpForward"), false);
        });

        it("logs in with the given key for one user only: OS Login off, project-wide keys blocked, serial port off", () => {
            const metadata = input<Record<string, string>>(vm, "metadata");
            assert.equal(metadata["ssh-keys"], `anycloud:${SSH_KEY}`);
            assert.equal(metadata["block-project-ssh-keys"], "true");
            assert.equal(metadata["enable-oslogin"], "FALSE");
            assert.equal(metadata["serial-port-enable"], "false");
            assert.deepEqual(Object.keys(metadata).sort(), ["block-project-ssh-keys", "enable-oslogin", "serial-port-enable", "ssh-keys", "startup-script"]);
            assert.equal(input(vm, "metadataStartupScript"), undefined, "a replacement-only input; the metadata key updates in place");
        });

        it("hardens sshd at every boot and keeps security updates on, rebooting when needed", () => {
            const script = input<Record<string, string>>(vm, "metadata")["startup-script"];
            assert.equal(script, STARTUP_SCRIPT);
            for (const line of ["PermitRootLogin no", "PasswordAuthentication no", "AuthenticationMethods publickey", "AllowUsers anycloud", "AllowTcpForwarding local", "PermitTunnel no", "sshd -t", "APT::Periodic::Unattended-Upgrade \"1\";", "Unattended-Upgrade::Automatic-Reboot \"true\";"]) {
                assert.ok(script.includes(line), `startup script contains "${line}"`);
            }
            assert.match(script, /sshd_config\.d\/00-/);
        });

        it("runs as its own service account, placed in the bastion subnet behind its static address", () => {
            assert.deepEqual(input(vm, "serviceAccount"), { email, scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
            const [nic] = input<Array<{ subnetwork: string; accessConfigs: { natIp: string; networkTier: string }[] }>>(vm, "networkInterfaces");
            assert.equal(nic.subnetwork, mocked(single(dev, "gcp:compute/subnetwork:Subnetwork", "-bastion")).id);
            assert.deepEqual(nic.accessConfigs, [{ natIp: mocked(single(dev, ADDRESS, "-bastion-ip")).state.address, networkTier: "PREMIUM" }]);
        });

        it("starts once its subnet, firewall rules and roles are in place, and is rebuilt (name freed first) for a new startup script", () => {
            const urns = [single(dev, "gcp:compute/subnetwork:Subnetwork", "-bastion"), ...ofType(dev, FIREWALL).filter((r) => r.parent.includes("Bastion")), ...ofType(dev, MEMBER)].map((r) => r.urn);
            assert.deepEqual(urns.filter((urn) => !vm.dependencies.includes(urn)), []);
            assert.deepEqual(vm.options.replaceOnChanges, ["metadata[\"startup-script\"]"]);
            assert.equal(vm.options.deleteBeforeReplace, true);
            assert.equal(input(vm, "allowStoppingForUpdate"), true);
        });
    });

    describe("service account", () => {
        it("has a valid id of its own and only the log writer role", () => {
            const account = single(dev, ACCOUNT);
            assert.equal(input(account, "accountId"), "bastion-acme-transit-dev");
            const members = ofType(dev, MEMBER).filter((m) => input(m, "member") === mocked(account).state.member);
            assert.deepEqual(members.map((m) => input(m, "role")).sort(), ["roles/logging.logWriter"]);
            assert.ok(members.every((m) => input(m, "project") === "acme-transit-dev"));
            assert.equal(ofType(dev, MEMBER).length, 1, "nothing else is granted");
        });
    });

    it("publishes its address once the VM exists, its user, and its service account as the principal others admit", () => {
        assert.equal(dev.outputs.bastionPublicIp, mocked(single(dev, ADDRESS, "-bastion-ip")).state.address);
        assert.equal(dev.outputs.bastionSshUser, "anycloud");
        assert.equal(dev.outputs.bastionSecurityPrincipal, email);
        const address = single(dev, ADDRESS, "-bastion-ip");
        assert.deepEqual([input(address, "addressType"), input(address, "networkTier"), input(address, "name")], ["EXTERNAL", "PREMIUM", "ip-bastion-acme-transit-dev"]);
    });

    it("makes every resource wait for the project's APIs and labels what takes labels", () => {
        const services = ofType(dev, SERVICE).map((s) => s.urn);
        const byUrn = new Map(dev.resources.map((r) => [r.urn, r]));
        const waitsFor = (urn: string, seen = new Set<string>()): Set<string> => {
            for (const d of byUrn.get(urn)?.dependencies ?? []) {
                if (!seen.has(d)) {
                    seen.add(d);
                    waitsFor(d, seen);
                }
            }
            return seen;
        };
        for (const resource of dev.resources.filter((r) => r.custom && r.parent.includes("anycloud:index:Bastion"))) {
            const closure = waitsFor(resource.urn);
            assert.ok(services.every((s) => closure.has(s)), resource.name);
        }
        // The whole taxonomy: the provider's defaultLabels cannot know the component or its cost type, and reach no boot disk.
        for (const resource of [vm, single(dev, ADDRESS, "-bastion-ip")]) {
            assert.deepEqual(input(resource, "labels"), BASTION_LABELS, resource.name);
        }
    });

    describe("with the database", () => {
        let withDatabase: Recording;

        before(async () => {
            withDatabase = await recordBastion({ ...GCP_DEV_CONFIG, allowedCidrs: OFFICE, bastion: { enabled: true, sshPublicKey: SSH_KEY }, database: { enabled: true } });
        });

        it("is admitted to the database by the database's egress rules, which deny every other instance after its allows", () => {
            const rules = ofType(withDatabase, FIREWALL).map(describeRule);
            const bastionEmail = String(mocked(single(withDatabase, ACCOUNT, "acme-bastion-sa")).state.email);
            const towardsDatabase = rules.filter((r) => r.direction === "EGRESS" && r.ranges.includes(RANGES.psa));
            const allowFromDatabase = towardsDatabase.find((r) => r.action === "allow" && !r.name.includes("bastion"))!;
            assert.ok(allowFromDatabase.targets.includes(bastionEmail));
            const deny = towardsDatabase.find((r) => r.action === "deny")!;
            assert.ok(deny.targets.length === 0 && deny.priority > 1000, "the bastion's own allow (1000) comes first");
        });
    });
});
