import { Size } from "../../components/types";

/** Instance types behind the cloud-agnostic sizes (x86_64, current generation, priced in docs/cost-model.md). */
export const NODE_INSTANCE_TYPES: Record<Size, string> = {
    small: "t3.large",
    medium: "m6i.large",
    large: "m6i.xlarge",
    xlarge: "m6i.2xlarge",
};

export const DATABASE_INSTANCE_CLASSES: Record<Size, string> = {
    small: "db.t4g.medium",
    medium: "db.r6g.large",
    large: "db.r6g.xlarge",
    xlarge: "db.r6g.2xlarge",
};

export const BASTION_INSTANCE_TYPES: Record<Size, string> = {
    small: "t3.micro",
    medium: "t3.small",
    large: "t3.medium",
    xlarge: "t3.large",
};
