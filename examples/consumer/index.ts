// Acme's platform project. anycloud builds the platform from this stack's anycloud:* config
// (Pulumi.<stack>.yaml), validated before anything is created; `npx anycloud plan --stack dev`
// plans the same config offline with the same program. Only the AWS SDKs are installed: anycloud's
// root entry refers to no cloud SDK, and loads the AWS one because the config says `cloud: aws`.
import { loadPlatformArgs, Platform, PLATFORM_NAME, PlatformOutputs } from "anycloud";

export = (): PlatformOutputs => {
    const platform = new Platform(PLATFORM_NAME, loadPlatformArgs());
    // platform.cluster, .network, .database, ... are there for what Acme adds on top.
    return platform.outputs();
};
