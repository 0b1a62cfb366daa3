/**
 * Avro records to ClickHouse rows in {@code RowBinaryWithDefaults}.
 *
 * <h2>Public API</h2>
 * <ul>
 *   <li>{@link io.chute.mapping.ClickHouseTypeParser#parse(String)} -> {@link io.chute.mapping.ClickHouseType}
 *       (sealed; {@code toString()} prints the canonical DESCRIBE form).</li>
 *   <li>{@link io.chute.mapping.TableSchema}{@code (table, List<Column>)}; {@code Column.describe(name, type,
 *       default_type)} from DESCRIBE rows; {@code insertableColumns()} drops MATERIALIZED and ALIAS.</li>
 *   <li>{@link io.chute.mapping.RowEncoderFactory}{@code (TableSchema, UnmappedFieldPolicy)}:
 *       {@code RowEncoder encoderFor(Schema recordSchema)} (compiled once, cached, thread-safe; throws
 *       {@link io.chute.mapping.MappingConfigException} naming the column).</li>
 *   <li>{@link io.chute.mapping.RowEncoder}: {@code List<String> columnNames()} (the INSERT column list,
 *       identical for every encoder of a table), {@code void encode(GenericRecord, RowBinaryBuffer) throws
 *       MappingException} (rolled back on failure), {@code ignoredFields()}, {@code droppedFields()}.</li>
 *   <li>{@link io.chute.mapping.RowBinaryBuffer}: growable buffer, {@code mark()/reset(int)}, {@code array()/size()}
 *       to hand the block to the client without a copy.</li>
 *   <li>{@link io.chute.mapping.MappingException}{@code (column, message)}: per-row data error; the stream
 *       dead-letters the record as {@code mapping_failed} (topology's {@code RowPipeline}).</li>
 * </ul>
 *
 * <h2>Columns</h2>
 * Each inserted column is prefixed by {@code 1} (use the column default) or {@code 0} (value follows). A column
 * without an Avro field of the same name is written as default if it has DEFAULT/EPHEMERAL or is Nullable,
 * otherwise compiling fails. A null value for a non-Nullable column takes the default if the column has DEFAULT or
 * EPHEMERAL, otherwise it is a {@code MappingException}; for Array, Map and Tuple columns (which cannot be Nullable)
 * it is the type's empty value ({@link io.chute.mapping.NullRule#EMPTY}).
 *
 * <h2>Type mapping (Avro -> ClickHouse)</h2>
 * One registry, {@link io.chute.mapping.TypeMappings}, keyed by (Avro type with its logical type, ClickHouse type
 * family): per pair the generic writer, the fast path's operation (or none), the DDL type of {@code tables create}
 * and {@code add-columns}, and the {@link io.chute.mapping.NullRule}. {@code WriterCompiler},
 * {@code DirectRowEncoder} and {@link io.chute.mapping.AvroColumnTypes} read it; README's type table is
 * {@code TypeMappings.markdownTable()} (checked by a test). {@code Nullable(T)} and {@code LowCardinality(T)} wrap a
 * pair. Not mapped: IPv4/IPv6, Variant/JSON/Dynamic/aggregate types (parsed as
 * {@link io.chute.mapping.ClickHouseType.Unsupported}), unions with several non-null branches, the null type,
 * recursive records, {@code bytes/big-decimal}.
 */
package io.chute.mapping;
