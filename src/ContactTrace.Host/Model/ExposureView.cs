using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

public sealed record class ExposureView(string Kind, string? VenueId, DateTimeOffset From, DateTimeOffset Until, string? ViaPersonId, string? Setting)
{
    public static ExposureView Of(Exposure e) => new(e.Kind, e.VenueId, e.From, e.Until, e.ViaPersonId, e.Setting);
}
