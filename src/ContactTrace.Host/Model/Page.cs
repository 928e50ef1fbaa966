namespace ContactTrace.Host.Model;

/// <summary>A page of a list: <c>{ items, next }</c>, where <c>next</c> is the cursor for <c>?after=</c> or null at the end.</summary>
public sealed record class Page<T>(IReadOnlyList<T> Items, string? Next);
