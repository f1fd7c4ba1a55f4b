using System.Collections.Frozen;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Service attributes that are valid compose but that Bock does not implement. Refused ones stop the load: running
/// without them would give the user something other than what was asked (a device, a namespace shared with the
/// host, a different runtime). Ignored ones are hints whose absence changes nothing observable on one host, and
/// only warn. docs/bockrose-spec.md carries the same lists.
/// </summary>
internal static class UnsupportedKeys
{
    public static readonly FrozenDictionary<string, string> Refused = new Dictionary<string, string>
    {
        ["blkio_config"] = "block-IO limits are not wired to cgroups yet",
        ["cgroup"] = "cgroup namespace modes are not configurable",
        ["cgroup_parent"] = "Bock places every container under its own cgroup tree",
        ["cpu_count"] = "Windows-only",
        ["cpu_percent"] = "Windows-only",
        ["cpu_period"] = "use deploy.resources.limits.cpus or cpus",
        ["cpu_quota"] = "use deploy.resources.limits.cpus or cpus",
        ["cpu_rt_period"] = "real-time scheduling is not supported",
        ["cpu_rt_runtime"] = "real-time scheduling is not supported",
        ["cpuset"] = "CPU pinning is not supported yet",
        ["credential_spec"] = "Windows-only",
        ["develop"] = "watch mode is not implemented",
        ["device_cgroup_rules"] = "device access is not supported",
        ["devices"] = "device access is not supported",
        ["external_links"] = "links to containers outside the project are not supported",
        ["gpus"] = "GPUs are not supported",
        ["group_add"] = "supplementary groups are not supported yet",
        ["ipc"] = "IPC namespace sharing is not supported",
        ["isolation"] = "Windows-only",
        ["label_file"] = "use labels",
        ["mac_address"] = "fixed MAC addresses are not supported",
        ["memswap_limit"] = "swap limits are not supported",
        ["mem_swappiness"] = "swap tuning is not supported",
        ["models"] = "AI models are not supported",
        ["oom_kill_disable"] = "disabling the OOM killer is not supported",
        ["oom_score_adj"] = "OOM score tuning is not supported yet",
        ["pid"] = "PID namespace sharing is not supported",
        ["post_start"] = "lifecycle hooks are not implemented",
        ["pre_stop"] = "lifecycle hooks are not implemented",
        ["provider"] = "provider services are not supported",
        ["runtime"] = "Bock runs its own OCI runtime",
        ["security_opt"] = "seccomp/AppArmor/SELinux options are not configurable yet",
        ["storage_opt"] = "storage driver options are not supported",
        ["use_api_socket"] = "the engine API socket is not mounted into containers",
        ["userns_mode"] = "user namespace modes are not configurable",
        ["uts"] = "UTS namespace sharing is not supported",
        ["volumes_from"] = "use named volumes shared between services",
        ["domainname"] = "container domain names are not supported",
        ["dns_opt"] = "resolver options are not supported",
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, string> Ignored = new Dictionary<string, string>
    {
        ["attach"] = "log attachment is the CLI's choice",
        ["links"] = "service names already resolve on the project's networks",
        ["platform"] = "images run on the host's platform",
        ["pull_refresh_after"] = "pull policies other than the basic ones are not implemented",
        ["annotations"] = "OCI annotations are not set yet",
        ["mem_reservation"] = "soft memory reservations are not enforced",
        ["cpu_shares"] = "CPU weights are not set yet",
    }.ToFrozenDictionary();
}
