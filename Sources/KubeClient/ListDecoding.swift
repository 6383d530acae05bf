import KubeAPI

/// A list page whose items decode one by one: a bad item becomes a `problem`, not a failed list.
struct LenientList<Object: KubeObject>: Decodable {
    struct Item: Decodable {
        var value: Object?
        var problem: String?

        init(from decoder: any Decoder) throws {
            do { value = try Object(from: decoder) } catch {
                let named = try? NamedObject(from: decoder)
                let name = [named?.metadata?.namespace, named?.metadata?.name].compactMap { $0 }.joined(separator: "/")
                problem = "\(Object.kind) \(name.isEmpty ? "(unnamed)" : name): \(error)"
            }
        }
    }

    var metadata: ListMeta
    var items: [Item]

    private enum CodingKeys: String, CodingKey { case metadata, items }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try c.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

/// Just the name of an object, to say which one did not decode.
struct NamedObject: Decodable {
    struct Meta: Decodable { var name: String?; var namespace: String? }
    var metadata: Meta?
}

/// The fields of a `meta/v1 Status` the client reads from error answers and ERROR events.
struct StatusBody: Decodable {
    var code: Int?
    var reason: String?
    var message: String?
}
