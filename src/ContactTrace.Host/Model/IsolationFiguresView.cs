namespace ContactTrace.Host.Model;

public sealed record class IsolationFiguresView(int Centralized, int Home, int AwaitingCapacity);
