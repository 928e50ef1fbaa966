using ContactTrace.Policy;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Screening;

/// <summary>
/// A person's health code computed now from their facts as stored (the same rules the refresher applies), for the
/// tracers' view of one person: it never lags behind the trace that just wrote them, as the board may for a moment.
/// </summary>
public sealed class LiveHealthCodes(IHealthCodeStore store, TracingPolicy policy, IOptions<ScreeningOptions> options, [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    public async Task<string> CodeOfAsync(string personId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var facts = await store.ReadFactsAsync([personId], now.AddDays(-options.Value.RetentionDays), cancellationToken);
        return HealthCodeRules.Evaluate(facts[personId], policy, now).Code;
    }
}
