using System.ComponentModel.DataAnnotations;
using ContactTrace.Host.Auth;

namespace ContactTrace.Host;

/// <summary>The <c>ContactTrace</c> configuration section.</summary>
public sealed class ContactTraceOptions
{
    public const string SectionName = "ContactTrace";

    /// <summary>The zone local days are counted in, e.g. for the daily bulletin.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The offset times in answers are written in: <c>local</c> (that of <see cref="TimeZone"/>) or <c>utc</c>.</summary>
    [Required]
    [RegularExpression("^(local|utc)$", ErrorMessage = "ContactTrace:ResponseOffset must be local or utc.")]
    public string ResponseOffset { get; set; } = ResponseTimes.Local;

    /// <summary>API keys from configuration: <c>ContactTrace:ApiKeys:&lt;n&gt;:Key</c>, <c>:Role</c>, <c>:HotelId</c>.</summary>
    public List<ApiKeyConfiguration> ApiKeys { get; set; } = [];
}
