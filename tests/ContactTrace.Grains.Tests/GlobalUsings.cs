global using System.Collections.Immutable;
global using ContactTrace.Registry;
global using ContactTrace.TestSupport;
global using Xunit;
