namespace FedActors.Data;

/// <summary>
/// The fixed vocabularies of KDDCup99, so that every file encodes to the same 122 features and 23 classes
/// whatever values it happens to contain.
/// </summary>
public static class KddCup99Vocabulary
{
    /// <summary>The 23 labels (normal and 22 attacks), alphabetical; a label's index is its class (normal is 11).</summary>
    public static readonly IReadOnlyList<string> Labels = new[]
    {
        "back", "buffer_overflow", "ftp_write", "guess_passwd", "imap", "ipsweep", "land", "loadmodule", "multihop", "neptune", "nmap",
        "normal", "perl", "phf", "pod", "portsweep", "rootkit", "satan", "smurf", "spy", "teardrop", "warezclient", "warezmaster",
    };

    /// <summary>Column 2, protocol_type.</summary>
    public static readonly IReadOnlyList<string> Protocols = new[] { "icmp", "tcp", "udp" };

    /// <summary>
    /// Column 3, service: the 70 of the full kddcup.data (the 10% subset uses 66 of them; aol, harvest, http_2784 and
    /// http_8001 occur only in the full file), alphabetical ignoring case.
    /// </summary>
    public static readonly IReadOnlyList<string> Services = new[]
    {
        "aol", "auth", "bgp", "courier", "csnet_ns", "ctf", "daytime", "discard", "domain", "domain_u", "echo", "eco_i", "ecr_i", "efs",
        "exec", "finger", "ftp", "ftp_data", "gopher", "harvest", "hostnames", "http", "http_2784", "http_443", "http_8001", "imap4",
        "IRC", "iso_tsap", "klogin", "kshell", "ldap", "link", "login", "mtp", "name", "netbios_dgm", "netbios_ns", "netbios_ssn",
        "netstat", "nnsp", "nntp", "ntp_u", "other", "pm_dump", "pop_2", "pop_3", "printer", "private", "red_i", "remote_job", "rje",
        "shell", "smtp", "sql_net", "ssh", "sunrpc", "supdup", "systat", "telnet", "tftp_u", "tim_i", "time", "urh_i", "urp_i", "uucp",
        "uucp_path", "vmnet", "whois", "X11", "Z39_50",
    };

    /// <summary>Column 4, flag (the state of the connection).</summary>
    public static readonly IReadOnlyList<string> Flags = new[] { "OTH", "REJ", "RSTO", "RSTOS0", "RSTR", "S0", "S1", "S2", "S3", "SF", "SH" };

    /// <summary>Columns in a record: 41 features and the label.</summary>
    public const int Columns = 42;

    /// <summary>The 38 numeric feature columns.</summary>
    public const int NumericFeatures = 38;

    /// <summary>Encoded features: 38 numeric, then one-hot protocol (3), service (70) and flag (11).</summary>
    public static int FeatureCount => NumericFeatures + Protocols.Count + Services.Count + Flags.Count;
}
