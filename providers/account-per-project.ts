import type * as pulumi from "@pulumi/pulumi";
import type { PlatformContext } from "../components/context";
import { refuseChangedCreationSettings } from "../components/creation-settings";

/** The config key of the opt-in, as messages name it. */
export const ACCOUNT_PER_PROJECT_KEY = "anycloud:billing.accountPerProject";

/**
 * billing.accountPerProject decides which account every resource of the stack lives in. Turned
 * on (or off) for a stack that exists, a deploy would point the platform's provider at another
 * account while the state still holds the ids of the first: updates would fail on ids that do
 * not exist there, a refresh would drop the resources from the state and leave them running
 * (and billed), and the next deploy would build a second platform. So the value the stack was
 * created with is kept in its state (a Stash) and a change is refused before the foundation
 * configures any provider. Moving a platform to its own account is a new stack.
 *
 * The returned output resolves when the value is unchanged; the foundation feeds it into the
 * platform's provider (and the account's creation), so nothing is touched when it fails. A new
 * Stash shows its value in a preview, so a first preview loses nothing by the wait.
 */
export function accountModeChecked(name: string, context: PlatformContext, parent: pulumi.Resource): pulumi.Output<void> {
    return refuseChangedCreationSettings(`${name}-account-mode`, {
        [ACCOUNT_PER_PROJECT_KEY]: String(context.billing.accountPerProject),
    }, {
        subject: "the platform",
        consequence: "moving every resource into another account, which a deploy cannot do (a new stack can)",
        rebuildDoc: "docs/configuration.md",
    }, { parent });
}
