package dev.perfkit.profiler.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The JDBC observations, their names and keys; where datasource-micrometer has the same, with its names.
 *
 * @since 0.1.0
 */
public enum JdbcObservationDocumentation implements ObservationDocumentation {

	/** One statement execution, or one batch. */
	QUERY {
		@Override
		public Class<? extends ObservationConvention<?>> getDefaultConvention() {
			return DefaultJdbcQueryObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return QueryHighCardinalityKeyNames.values();
		}
	},

	/** One connection acquisition. */
	CONNECTION {
		@Override
		public Class<? extends ObservationConvention<?>> getDefaultConvention() {
			return DefaultJdbcConnectionObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.NAME };
		}
	};

	/** Low-cardinality keys (meter tags). */
	public enum LowCardinalityKeyNames implements KeyName {

		/** Name of the DataSource bean (datasource-micrometer's key). */
		NAME {
			@Override
			public String asString() {
				return "name";
			}
		},

		/** Operation of the statement: select, insert, update, delete, other. */
		OPERATION {
			@Override
			public String asString() {
				return "operation";
			}
		}

	}

	/** High-cardinality keys (span tags only). */
	public enum QueryHighCardinalityKeyNames implements KeyName {

		/** SQL of the statement, as datasource-micrometer's first query. */
		QUERY {
			@Override
			public String asString() {
				return "jdbc.query[0]";
			}
		},

		/** Rows an update reported (datasource-micrometer's key). */
		ROW_AFFECTED {
			@Override
			public String asString() {
				return "jdbc.row-affected";
			}
		}

	}

}
