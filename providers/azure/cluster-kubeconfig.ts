import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";

/**
 * The kubelogin login method the kubeconfig names: the deployer's Azure CLI session (`az login`),
 * which needs no prompt. AKS's format=exec kubeconfig asks for `--login devicecode`
 * (Azure/azure-cli#25190), a prompt that neither the Pulumi Kubernetes provider nor CI can answer.
 *
 * CI overrides the method without touching the kubeconfig: kubelogin reads the AAD_LOGIN_METHOD
 * environment variable over --login (`workloadidentity` for a federated identity, `spn` for a
 * service principal), and takes the identity from AZURE_CLIENT_ID / AZURE_TENANT_ID (plus
 * AZURE_CLIENT_SECRET, AZURE_FEDERATED_TOKEN_FILE ...), since the kubeconfig names neither.
 */
export const KUBELOGIN_LOGIN_METHOD = "azurecli";

/**
 * kubelogin flags removed, as `kubelogin convert-kubeconfig -l azurecli` removes them
 * (Azure/kubelogin pkg/internal/converter/convert.go keeps only --server-id for azurecli):
 * --tenant-id becomes `az account get-access-token --tenant`, which a CLI signed in with a
 * managed identity refuses ("Tenant shouldn't be specified for managed identity account",
 * Azure/kubelogin#123, #524); --client-id is AKS's device-code client, which azurecli never
 * uses and which an spn or workloadidentity override must not take for the deployer's identity.
 * --environment and the rest stay.
 */
const DROPPED_FLAGS = ["--login", "-l", "--client-id", "--tenant-id", "-t"];

interface ExecUser {
    name?: string;
    user?: { exec?: { command?: string; args?: string[] } };
}

/** The flag's name when `arg` is one of `flags`, alone (`--flag value`) or with its value (`--flag=value`). */
function flagOf(arg: string, flags: string[]): { flag: string; inline: boolean } | undefined {
    const [head] = arg.split("=", 1);
    return flags.includes(head) ? { flag: head, inline: arg.includes("=") } : undefined;
}

/** get-token's arguments with the login method set to KUBELOGIN_LOGIN_METHOD and DROPPED_FLAGS gone. */
export function azureCliTokenArgs(args: string[]): string[] {
    const kept: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const dropped = flagOf(args[i], DROPPED_FLAGS);
        if (dropped) {
            i += dropped.inline ? 0 : 1;
            continue;
        }
        kept.push(args[i]);
    }
    const [subcommand, ...rest] = kept;
    if (subcommand !== "get-token") {
        throw new Error(`createCluster: the AKS kubeconfig runs kubelogin ${subcommand ?? "(no arguments)"}, not get-token`);
    }
    if (!rest.some((arg) => flagOf(arg, ["--server-id"]))) {
        // Every login method needs the API server's application id (kubelogin convert-kubeconfig refuses without it).
        throw new Error("createCluster: the AKS kubeconfig's kubelogin call has no --server-id");
    }
    return [subcommand, "--login", KUBELOGIN_LOGIN_METHOD, ...rest];
}

/**
 * The kubeconfig with every kubelogin exec user signing in through the Azure CLI instead of a
 * device code. Parsed and written as YAML (the document AKS returns may quote, flow or
 * reorder anything); a kubeconfig without a kubelogin user is refused, since the Kubernetes
 * provider could not authenticate with it (local accounts are off).
 */
export function withAzureCliLogin(kubeconfig: string): string {
    const document = parse(kubeconfig) as { users?: ExecUser[] } | null;
    const kubeloginUsers = (document?.users ?? []).filter((entry) => /(^|[/\\])kubelogin(\.exe)?$/.test(entry.user?.exec?.command ?? ""));
    if (kubeloginUsers.length === 0) {
        throw new Error("createCluster: the AKS user kubeconfig has no kubelogin exec user");
    }
    for (const entry of kubeloginUsers) {
        entry.user!.exec!.args = azureCliTokenArgs(entry.user!.exec!.args ?? []);
    }
    return stringify(document);
}

/**
 * The user kubeconfig in exec format, rewritten by withAzureCliLogin: with local accounts
 * disabled the admin credentials call fails, and the exec user runs `kubelogin get-token`, so
 * `kubelogin` (Azure/kubelogin, or `az aks install-cli`) and a signed-in Azure CLI (or the
 * AAD_LOGIN_METHOD override) must be on the deployer's machine. Read once the cluster exists;
 * the value is a secret.
 */
export function userKubeconfig(cluster: containerservice.ManagedCluster, resourceGroupName: pulumi.Output<string>, parent: pulumi.Resource): pulumi.Output<string> {
    const credentials = containerservice.listManagedClusterUserCredentialsOutput({
        resourceGroupName,
        // From the cluster's id, so the read waits for the cluster (and is skipped while a preview creates it).
        resourceName: pulumi.all([cluster.id, cluster.name]).apply(([, clusterName]) => clusterName),
        format: "exec",
    }, { parent });
    return pulumi.secret(credentials.kubeconfigs.apply((configs) => {
        const value = configs?.[0]?.value;
        if (!value) {
            throw new Error("createCluster: AKS returned no user kubeconfig");
        }
        return withAzureCliLogin(Buffer.from(value, "base64").toString("utf8"));
    }));
}
