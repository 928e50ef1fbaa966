namespace ContactTrace.Bench.Commands.Lists;

/// <summary>
/// One kind of request of a list benchmark: its label and, for the i-th repetition, its path and query. A second-page
/// query first asks for the page (unmeasured) and times the request for the page after it.
/// </summary>
internal sealed record class ListQuery(string Label, Func<int, string> Path, bool SecondPage = false);
