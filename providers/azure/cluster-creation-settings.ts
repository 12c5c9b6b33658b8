import { refuseChangedCreationSettings } from "../../components/creation-settings";
import * as pulumi from "@pulumi/pulumi";

/**
 * Settings an AKS cluster is created with that config can change but Azure cannot: a new name,
 * Service range or pod range replaces the cluster (and a replacement of a fixed-name cluster
 * fails: the new one cannot be created while the old one holds the name), and a public API
 * cannot become private nor the reverse (AKS refuses the update). They are kept in the state at
 * creation (a Stash keeps its first value), and a later change is refused with the key that
 * changed, before anything is touched. providers/azure/replacement-inputs.ts lists them all.
 */
export function checkCreationSettings(name: string, settings: Record<string, string>, parent: pulumi.Resource): pulumi.Output<void> {
    return refuseChangedCreationSettings(name, settings, { subject: "the AKS cluster", consequence: "rebuilding the cluster", rebuildDoc: "docs/azure.md" }, { parent });
}
