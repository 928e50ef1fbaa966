namespace ContactTrace.Host.Model;

public sealed record class NewCasesView(int Total, int Confirmed, int Asymptomatic, int ConvertedToConfirmed, ImmutableArray<ChannelCountView> ByChannel, ImmutableArray<DistrictCountView> ByDistrict);
