global using System.Collections.Immutable;
global using ContactTrace.CityGenerator;
global using Xunit;
