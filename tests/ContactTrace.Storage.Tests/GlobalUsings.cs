global using ContactTrace.Registry;
global using ContactTrace.TestSupport;
global using Npgsql;
global using Xunit;
