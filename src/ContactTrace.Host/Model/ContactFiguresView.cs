namespace ContactTrace.Host.Model;

/// <summary>Contacts identified in the period and under management at its end; the cumulative figures count from the start until its end.</summary>
public sealed record class ContactFiguresView(
    int CloseIdentified,
    int SecondaryIdentified,
    int CloseUnderManagement,
    int SecondaryUnderManagement,
    int CumulativeCloseIdentified,
    int CumulativeSecondaryIdentified);
