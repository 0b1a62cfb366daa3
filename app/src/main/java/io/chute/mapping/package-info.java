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
 *       MappingException} (rolled back on failure), {@code ignoredFields()}.</li>
 *   <li>{@link io.chute.mapping.RowBinaryBuffer}: growable buffer, {@code mark()/reset(int)}, {@code array()/size()}
 *       to hand the block to the client without a copy.</li>
 *   <li>{@link io.chute.mapping.MappingException}{@code (column, message)}: per-row data error;
 *       {@code toRejection(schemaId)} gives {@code MAPPING_FAILED}.</li>
 * </ul>
 *
 * <h2>Columns</h2>
 * Each inserted column is prefixed by {@code 1} (use the column default) or {@code 0} (value follows). A column
 * without an Avro field of the same name is written as default if it has DEFAULT/EPHEMERAL or is Nullable,
 * otherwise compiling fails. A null value for a non-Nullable column takes the default if the column has DEFAULT or
 * EPHEMERAL, otherwise it is a {@code MappingException}.
 *
 * <h2>Type mapping (Avro -> ClickHouse)</h2>
 * <table>
 *   <caption>Supported pairs; anything else is a MappingConfigException at compile time</caption>
 *   <tr><th>Avro</th><th>ClickHouse</th><th>Notes</th></tr>
 *   <tr><td>int, long</td><td>Int8..Int256, UInt8..UInt256</td><td>range-checked per row</td></tr>
 *   <tr><td>int, long, decimal(bytes|fixed)</td><td>Decimal(P,S), Decimal32/64/128/256(S)</td>
 *       <td>exact rescale; losing digits or exceeding P is an error</td></tr>
 *   <tr><td>float, int</td><td>Float32</td><td></td></tr>
 *   <tr><td>float, double, int, long</td><td>Float64</td><td></td></tr>
 *   <tr><td>boolean</td><td>Bool, UInt8, Int8</td><td>0/1</td></tr>
 *   <tr><td>string, bytes, fixed</td><td>String</td><td>Utf8 bytes written directly</td></tr>
 *   <tr><td>string, bytes, fixed</td><td>FixedString(N)</td><td>longer than N is an error; zero-padded</td></tr>
 *   <tr><td>string (uuid or plain), fixed(16)</td><td>UUID</td><td>two little-endian UInt64, high half first</td></tr>
 *   <tr><td>string, enum</td><td>Enum8/Enum16</td><td>by name; unknown name is an error</td></tr>
 *   <tr><td>enum</td><td>String</td><td>the symbol</td></tr>
 *   <tr><td>int (date or plain days), string (ISO date)</td><td>Date, Date32</td><td>range-checked</td></tr>
 *   <tr><td>long timestamp-millis/micros/nanos, local-timestamp-*</td><td>DateTime[('tz')]</td>
 *       <td>UInt32 seconds, floored</td></tr>
 *   <tr><td>same</td><td>DateTime64(p[, 'tz'])</td><td>rescaled to p (floored when coarser, overflow error)</td></tr>
 *   <tr><td>union [null, T]</td><td>Nullable(T)</td><td>marker 1 = NULL; into non-Nullable: see Columns</td></tr>
 *   <tr><td>array</td><td>Array(T)</td><td></td></tr>
 *   <tr><td>map</td><td>Map(String|LowCardinality(String)|FixedString|Enum, T)</td><td></td></tr>
 *   <tr><td>record</td><td>Tuple(...)</td><td>named tuple by field names, unnamed by position</td></tr>
 *   <tr><td>any of the above</td><td>LowCardinality(T)</td><td>same encoding as T</td></tr>
 * </table>
 * Not mapped: IPv4/IPv6 (parsed only), Variant/JSON/Dynamic/aggregate types (parsed as
 * {@link io.chute.mapping.ClickHouseType.Unsupported}), unions with several non-null branches.
 */
package io.chute.mapping;
