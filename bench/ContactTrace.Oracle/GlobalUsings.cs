global using System.Collections.Immutable;
global using Npgsql;
global using NpgsqlTypes;
