import { Project } from "@pulumi/gcp/organizations/project";
import { Provider } from "@pulumi/gcp/provider";
import { RandomId } from "@pulumi/random/randomId";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { REPLACEMENT_INPUTS } from "./replacement-inputs";
import { PROJECT_SUFFIX_BYTES, projectDisplayName, projectIdOf } from "./account-per-project-names";

/** A replaced project would be a second project: what replaces it (replacement-inputs.ts) is never applied after creation. */
export const PROJECT_IGNORED_CHANGES = REPLACEMENT_INPUTS["gcp:organizations/project:Project"].inputs;

export interface PlatformProject {
    project: Project;
    /** The new project's id, known once its suffix is. */
    projectId: pulumi.Output<string>;
}

/**
 * The customer project's own GCP project (billing.accountPerProject), in anycloud:gcp.folderId or
 * else at the top of anycloud:gcp.organizationId, billed to anycloud:gcp.billingAccount. It is
 * created with the gcp provider given to the Platform, or else with the deployer's ambient
 * credentials (with anycloud:gcp.project, when given, as the project they work from); they need
 * Project Creator on the folder or organization and Billing Account User on the billing account.
 * GCP makes the creator Owner of the new project, so the same credentials deploy into it.
 *
 * Never deleted by anycloud: protected, and with deletionPolicy PREVENT, so a `pulumi destroy`
 * that gets past the protection still fails at the project. Its `default` network (with firewall
 * rules open to the internet for SSH and RDP) is removed right after creation: the platform brings
 * its own.
 */
export function createPlatformProject(
    name: string, context: PlatformContext, labels: Record<string, string>, modeChecked: pulumi.Output<void>, opts: pulumi.ComponentResourceOptions,
): PlatformProject {
    const parent = opts.parent!;
    const provider = parent.getProvider("gcp::organizations/project:Project")
        ?? new Provider(`${name}-gcp-organization`, { project: context.gcp.project, region: context.region }, opts);
    const suffix = new RandomId(`${name}-project-suffix`, { byteLength: PROJECT_SUFFIX_BYTES }, { parent });
    const { folderId, organizationId, billingAccount } = context.gcp;
    const project = new Project(`${name}-project`, {
        // Waits for the check: a stack created without its own project never creates one.
        projectId: pulumi.all([suffix.hex, modeChecked]).apply(([hex]) => projectIdOf(context.namePrefix, hex)),
        name: projectDisplayName(context.namePrefix),
        ...(folderId ? { folderId } : { orgId: organizationId }),
        billingAccount: billingAccount!,
        autoCreateNetwork: false,
        deletionPolicy: "PREVENT",
        labels,
    }, { parent, provider, protect: true, ignoreChanges: PROJECT_IGNORED_CHANGES });
    return { project, projectId: project.projectId };
}
