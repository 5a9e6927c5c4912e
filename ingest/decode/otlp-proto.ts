import protobuf from "protobufjs";

/**
 * The messages of OTLP/HTTP traces in the protobuf encoding, as defined by opentelemetry-proto
 * v1 (collector/trace/v1, trace/v1, common/v1, resource/v1) and google.rpc.Status; field
 * numbers and types as there, fields Lotline does not read left out (protobuf skips unknown
 * fields). protobufjs decodes them, and stops at 100 levels of nested messages rather than
 * overflowing the stack.
 *
 * The Shallow messages read a request down to each span's bytes only, so that one span the
 * decoder refuses (nested too deep, malformed) is rejected alone instead of the whole request.
 */
const PROTO = `
syntax = "proto3";
package lotline.otlp;

message ExportTraceServiceRequestShallow { repeated ResourceSpansShallow resource_spans = 1; }
message ResourceSpansShallow { Resource resource = 1; repeated ScopeSpansShallow scope_spans = 2; }
message ScopeSpansShallow { InstrumentationScope scope = 1; repeated bytes spans = 2; }

message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }

message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }

message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  repeated Event events = 11;
  Status status = 15;
  fixed32 flags = 16;

  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5;
  }
}

message Status {
  string message = 2;
  StatusCode code = 3;
  enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; }
}

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }

// google.rpc.Status: the body of an OTLP/HTTP failure answer to a protobuf request.
message RpcStatus { int32 code = 1; string message = 2; }
`;

const root = protobuf.parse(PROTO).root;
const type = (name: string) => root.lookupType(`lotline.otlp.${name}`);

export const ExportRequestShallow = type("ExportTraceServiceRequestShallow");
export const ResourceMessage = type("Resource");
export const ScopeMessage = type("InstrumentationScope");
export const SpanMessage = type("Span");
export const ExportResponse = type("ExportTraceServiceResponse");
export const RpcStatus = type("RpcStatus");
