namespace ContactTrace.Hotels;

/// <summary>Delivers one hotel's feed to its webhook, in order, at least once, resuming from the durable cursor.</summary>
[Alias("ContactTrace.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    [Alias("Kick")]
    Task KickAsync();
}
