namespace ContactTrace.Host.Model;

public sealed record class ChannelCountView(string Channel, string Label, int Count);
