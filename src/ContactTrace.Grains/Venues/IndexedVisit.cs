using System.Runtime.InteropServices;

namespace ContactTrace.Grains.Venues;

/// <summary>12 bytes per visit: the interned person and the presence interval in seconds since <see cref="VisitIndex.Epoch"/>.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct IndexedVisit(int Person, int Start, int End);
