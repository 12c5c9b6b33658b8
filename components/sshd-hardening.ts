/**
 * The bastion's sshd settings, the same on every cloud: key-only login for one user, no root,
 * only local port forwarding (the database and API tunnels need it), no agent or X11
 * forwarding, short login windows. Written as a drop-in named 00-* because sshd keeps the
 * first value it reads and cloud-init writes 50-cloud-init.conf.
 */
export function sshdHardeningConfig(user: string): string {
    return [
        "PermitRootLogin no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "AuthenticationMethods publickey",
        `AllowUsers ${user}`,
        "AllowTcpForwarding local",
        "AllowAgentForwarding no",
        "X11Forwarding no",
        "PermitTunnel no",
        "GatewayPorts no",
        "MaxAuthTries 3",
        "LoginGraceTime 30",
        "ClientAliveInterval 300",
        "ClientAliveCountMax 2",
    ].join("\n");
}

export const SSHD_DROP_IN = "/etc/ssh/sshd_config.d/00-anycloud-hardening.conf";

/**
 * The sshd part of a first-boot script on Ubuntu 24.04 (the Azure and GCP bastions): the drop-in,
 * a syntax check, and a reload that applies only where sshd runs. Ubuntu 24.04 starts sshd from
 * a socket, so its privilege-separation directory may not exist yet when `sshd -t` runs.
 */
export function ubuntuSshdHardening(user: string): string {
    return `cat > ${SSHD_DROP_IN} <<'CONF'
${sshdHardeningConfig(user)}
CONF
install -d -m 0755 /run/sshd
sshd -t
systemctl try-reload-or-restart ssh.service`;
}
