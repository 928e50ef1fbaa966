global using System.Collections.Immutable;
global using ContactTrace.Registry;
global using Orleans;
global using Orleans.Runtime;
