global using System.Collections.Concurrent;
global using System.Collections.Immutable;
global using ContactTrace.Policy;
global using ContactTrace.Registry;
global using Npgsql;
