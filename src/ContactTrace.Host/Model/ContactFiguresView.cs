namespace ContactTrace.Host.Model;

public sealed record class ContactFiguresView(int CloseIdentified, int SecondaryIdentified, int CloseUnderManagement, int SecondaryUnderManagement);
