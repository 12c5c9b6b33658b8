import * as kms from "@pulumi/gcp/kms";
import * as organizations from "@pulumi/gcp/organizations";
import { RandomId } from "@pulumi/random/randomId";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../../components/context";
import { componentLabels } from "./labels";
import { fitName } from "./network-names";

/** Cloud KMS rotates the key every 90 days (a new primary version; old versions stay to decrypt). */
export const KEY_ROTATION_PERIOD = "7776000s";

/** KMS resource names: 1-63 letters, digits, `_` and `-`. */
const KMS_NAME_MAX = 63;

export const SECRETS_KEY_NAME = "gke-secrets";

export interface SecretsKey {
    key: kms.CryptoKey;
    /** The GKE service agent's right to use the key; GKE checks it when the cluster is created. */
    grant: kms.CryptoKeyIAMMember;
}

/**
 * The key that encrypts the cluster's Secrets in etcd (application-layer secrets encryption).
 *
 * Key rings and keys cannot be deleted in Cloud KMS: destroying the stack removes them from the
 * state, schedules the key's versions for destruction (30 days, CryptoKey's default) and leaves
 * ring and key names taken forever. The ring's name therefore ends in a random suffix kept in the
 * state (a RandomId): a stack destroyed and deployed again gets a new ring instead of failing
 * with 409 "already exists". The ring lives in the cluster's region, as GKE requires (a zonal
 * cluster's key is in the zone's region).
 *
 * The key is protected like the cluster: deleting it makes every Secret in etcd unreadable. It
 * is never replaced by a config change (its name and ring are fixed at creation).
 */
export function createSecretsKey(name: string, context: PlatformContext, opts: pulumi.CustomResourceOptions): SecretsKey {
    const project = context.gcpScope!.project;
    const suffix = new RandomId(`${name}-keyring-suffix`, { byteLength: 2 }, { parent: opts.parent });
    const ring = new kms.KeyRing(`${name}-keyring`, {
        project,
        location: context.region,
        name: suffix.hex.apply((hex) => `${fitName(`gke-${context.namePrefix}`, KMS_NAME_MAX - 5)}-${hex}`),
    }, { ...opts, protect: context.protect });
    const key = new kms.CryptoKey(`${name}-secrets-key`, {
        keyRing: ring.id,
        name: SECRETS_KEY_NAME,
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: KEY_ROTATION_PERIOD,
        labels: componentLabels(context, "cluster"),
    }, { ...opts, protect: context.protect });

    // The GKE service agent (created with the container API) encrypts and decrypts with the key
    // on the cluster's behalf; without this grant the cluster's creation fails.
    const projectNumber = organizations.getProjectOutput({ projectId: project }, { parent: opts.parent }).number;
    const grant = new kms.CryptoKeyIAMMember(`${name}-secrets-key-gke-agent`, {
        cryptoKeyId: key.id,
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: pulumi.interpolate`serviceAccount:${gkeServiceAgent(projectNumber)}`,
    }, opts);
    return { key, grant };
}

/** The GKE service agent of a project (IAM docs, "Service agents": Kubernetes Engine Service Agent). */
export const gkeServiceAgent = (projectNumber: pulumi.Input<string>) =>
    pulumi.interpolate`service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
