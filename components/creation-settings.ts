import * as pulumi from "@pulumi/pulumi";
import { ConfigError, Problem } from "./errors";

export interface CreationSettingsCheck {
    /** What was created with them, as a message names it: "the AKS cluster". */
    subject: string;
    /** What a change would take: "replacing the cluster". */
    consequence: string;
    /** Where rebuilding on purpose is described: "docs/azure.md". */
    rebuildDoc: string;
}

/**
 * Settings a resource is created with that config can change but the cloud cannot (or only by
 * replacing it, with its data). A Pulumi program cannot read its own state, so they are kept in
 * it at creation: a `pulumi.Stash` keeps its first value. A later change is refused with a
 * ConfigError naming every key that changed and its value at creation, before anything that
 * waits for the returned output is touched. Needs Pulumi 3.208.0 or newer.
 */
export function refuseChangedCreationSettings(
    name: string, settings: Record<string, string>, check: CreationSettingsCheck, opts: { parent?: pulumi.Resource; dependsOn?: pulumi.Resource[] },
): pulumi.Output<void> {
    const created = new pulumi.Stash(`${name}-created-with`, { input: settings }, opts).output as pulumi.Output<Record<string, string>>;
    return created.apply((before) => {
        const problems: Problem[] = Object.entries(settings)
            .filter(([key, value]) => before[key] !== undefined && before[key] !== value)
            .map(([key, value]) => ({
                key,
                value,
                message: `was "${before[key]}" when ${check.subject} was created and cannot change without ${check.consequence}; set it back (${check.rebuildDoc} says how to rebuild on purpose)`,
            }));
        if (problems.length > 0) {
            throw new ConfigError(problems);
        }
    });
}
