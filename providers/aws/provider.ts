import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { accountModeChecked } from "../account-per-project";
import { createProjectAccount } from "./account-per-project";

/** The session name the platform's provider uses in the customer project's account (CloudTrail shows it). */
export const PLATFORM_SESSION_NAME = "anycloud";

/**
 * Region and tags set once here reach every AWS resource of the platform through inheritance.
 * With billing.accountPerProject the provider works in the customer project's own account,
 * created first (account-per-project.ts), by assuming its access role; every component then
 * lands there without knowing it.
 */
export function createFoundation(name: string, context: PlatformContext, opts: pulumi.ComponentResourceOptions): { provider: pulumi.ProviderResource; context: PlatformContext } {
    const modeChecked = accountModeChecked(name, context, opts.parent!);
    const projectAccount = context.billing.accountPerProject ? createProjectAccount(name, context, modeChecked, opts) : undefined;
    const provider = new Provider(`${name}-aws`, {
        // Waits for the check, so a refused change of billing.accountPerProject touches nothing.
        region: modeChecked.apply(() => context.region),
        defaultTags: { tags: context.tags },
        ...(projectAccount && { assumeRoles: [{ roleArn: projectAccount.accessRoleArn, sessionName: PLATFORM_SESSION_NAME }] }),
    }, opts);
    // The role the platform's provider assumes: a kubeconfig must assume it too, or the deployer's own
    // credentials (the management account's) reach a cluster whose admin is that role.
    const awsScope = { accessRoleArn: projectAccount?.accessRoleArn };
    const enriched: PlatformContext & { awsScope: typeof awsScope } = { ...context, awsScope };
    return { provider, context: enriched };
}
